#include "import/importer.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cabinet/cabinet_reader.h"
#include "catalog/update_parser.h"
#include "common/base64.h"
#include "common/file_util.h"
#include "common/log.h"
#include "import/export_metadata_reader.h"
#include "xml/safe_xml.h"

namespace openwsus::import {
namespace {

namespace fs = std::filesystem;

// A scratch directory for extracted Cabinet members, removed on destruction.
class ScratchDir {
 public:
  ScratchDir() {
    std::error_code ec;
    std::string pattern = (fs::temp_directory_path(ec) / "openwsus-import-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

bool LooksLikeCabinet(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && std::string_view(magic, 4) == "MSCF";
}

// What package.xml tells besides the documents: how many there are (for
// progress) and where Microsoft Update hosts each file (Files/File @Digest
// @MUUrl), which a downstream syncing from us is sent as MUUrl.
struct PackageInfo {
  int64_t updates = 0;
  std::vector<std::pair<std::string, std::string>> origins;  // raw SHA-1, URL
};

Result<PackageInfo> ReadPackage(const std::string& package_path) {
  OW_ASSIGN_OR_RETURN(std::string text, ReadFileToString(package_path));
  OW_ASSIGN_OR_RETURN(auto doc, xml::SafeXml::Parse(text));
  PackageInfo info;
  pugi::xml_node updates = (*doc).root().child("Updates");
  info.updates = std::distance(updates.children("Update").begin(), updates.children("Update").end());
  for (const pugi::xml_node& file : (*doc).root().child("Files").children("File")) {
    std::string_view url = xml::AttributeValue(file, "MUUrl");
    auto digest = Base64Decode(xml::AttributeValue(file, "Digest"));
    if (url.empty() || !digest.ok() || digest->size() != 20) continue;
    info.origins.emplace_back(std::move(digest).value(), std::string(url));
  }
  return info;
}

// An export record's header names the revision its document must be.
struct ExpectedIdentity {
  std::string update_id;
  int32_t revision_number = 0;
};

Status CheckIdentity(const catalog::Update& update, const ExpectedIdentity& expected) {
  auto key = Guid::Parse(expected.update_id);
  if (key.ok() && *key == update.identity.update_id && expected.revision_number == update.identity.revision_number) {
    return Status::Ok();
  }
  return Status::InvalidArgument("record header names " + expected.update_id + " revision " +
                                 std::to_string(expected.revision_number) + " but the document is " +
                                 update.identity.update_id.ToString() + " revision " +
                                 std::to_string(update.identity.revision_number));
}

// Adds one document to the transaction; `name` says where it came from.
Status AddDocument(store::ImportTransaction* txn, const std::string& name, std::string_view xml,
                   const ExpectedIdentity* expected, ImportReport* report) {
  auto update = catalog::ParseUpdate(xml);
  if (!update.ok()) return update.status().WithContext(name);
  if (expected != nullptr) OW_RETURN_IF_ERROR(CheckIdentity(*update, *expected).WithContext(name));
  auto outcome = txn->Add(*update, xml);
  if (!outcome.ok()) return outcome.status().WithContext(name);
  ++report->documents;
  using Outcome = store::ImportTransaction::Outcome;
  if (*outcome == Outcome::kAdded || *outcome == Outcome::kAddedRevision) {
    ++report->added;
    report->added_revisions.push_back(
        {update->identity.update_id, *outcome == Outcome::kAdded, update->publication_state});
  } else {
    ++report->unchanged;
  }
  return Status::Ok();
}

}  // namespace

Result<ImportReport> Importer::ImportPath(const std::string& path, const ProgressFn& progress) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return Status::NotFound(path + " does not exist");
  OW_ASSIGN_OR_RETURN(auto txn, store_->BeginImport());
  ImportReport report;

  if (fs::is_directory(path, ec)) {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      if (entry.is_regular_file() && entry.path().extension() == ".xml") files.push_back(entry.path().string());
    }
    if (ec) return Status::IoError("cannot list " + path + ": " + ec.message());
    std::sort(files.begin(), files.end());
    for (const std::string& file : files) {
      OW_ASSIGN_OR_RETURN(std::string xml, ReadFileToString(file));
      OW_RETURN_IF_ERROR(AddDocument(txn.get(), file, xml, nullptr, &report));
      if (progress) progress(report.documents, static_cast<int64_t>(files.size()));
    }
  } else if (LooksLikeCabinet(path)) {
    OW_ASSIGN_OR_RETURN(auto cab, cabinet::CabinetReader::Open(path));
    if (!cab->HasMember("metadata.txt")) {
      return Status::InvalidArgument(path + " is not a wsusutil export: no metadata.txt member");
    }
    ScratchDir scratch;
    if (scratch.path().empty()) return Status::IoError("cannot create a temporary directory");
    PackageInfo package;
    if (cab->HasMember("package.xml")) {
      OW_RETURN_IF_ERROR(cab->Extract("package.xml", scratch.path() + "/package.xml"));
      auto read = ReadPackage(scratch.path() + "/package.xml");
      if (!read.ok()) return read.status().WithContext(path + ": package.xml");
      package = std::move(read).value();
    }
    for (const auto& [sha1, url] : package.origins) OW_RETURN_IF_ERROR(txn->AddFileOrigin(sha1, url));
    const int64_t total = package.updates;
    OW_RETURN_IF_ERROR(cab->Extract("metadata.txt", scratch.path() + "/metadata.txt"));
    OW_ASSIGN_OR_RETURN(auto reader, ExportMetadataReader::Open(scratch.path() + "/metadata.txt"));
    while (true) {
      OW_ASSIGN_OR_RETURN(auto record, reader->Next());
      if (!record) break;
      std::string name = "metadata record " + std::to_string(record->index) + " (update " + record->update_id + ")";
      ExpectedIdentity expected{record->update_id, record->revision_number};
      OW_RETURN_IF_ERROR(AddDocument(txn.get(), name, record->xml, &expected, &report));
      if (progress) progress(report.documents, total);
    }
  } else {
    OW_ASSIGN_OR_RETURN(std::string xml, ReadFileToString(path));
    OW_RETURN_IF_ERROR(AddDocument(txn.get(), path, xml, nullptr, &report));
    if (progress) progress(1, 1);
  }
  if (report.documents == 0) return Status::InvalidArgument(path + " holds no update documents");
  OW_RETURN_IF_ERROR(txn->Commit());
  log::Info("import finished", {{"path", path},
                                {"documents", std::to_string(report.documents)},
                                {"added", std::to_string(report.added)},
                                {"unchanged", std::to_string(report.unchanged)}});
  return report;
}

Result<ImportReport> Importer::ImportDocuments(const std::vector<NamedDocument>& documents) {
  OW_ASSIGN_OR_RETURN(auto txn, store_->BeginImport());
  ImportReport report;
  for (const NamedDocument& doc : documents) {
    OW_RETURN_IF_ERROR(AddDocument(txn.get(), doc.name, doc.xml, nullptr, &report));
  }
  OW_RETURN_IF_ERROR(txn->Commit());
  return report;
}

}  // namespace openwsus::import
