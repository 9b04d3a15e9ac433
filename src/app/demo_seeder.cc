#include "app/demo_seeder.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/hash.h"
#include "common/log.h"
#include "demo/demo_catalog.h"
#include "import/importer.h"

namespace openwsus::app {
namespace {

namespace fs = std::filesystem;

Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError("cannot write " + path + ": " + std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

}  // namespace

std::string DemoSeeder::ContentPath(const DataDir& data_dir, std::string_view sha1_hex_upper,
                                    std::string_view file_name) {
  std::string folder(sha1_hex_upper.substr(sha1_hex_upper.size() - 2));
  std::string extension = fs::path(std::string(file_name)).extension().string();
  return data_dir.content_dir() + "/" + folder + "/" + std::string(sha1_hex_upper) + extension;
}

Status DemoSeeder::WriteContentFile(const DataDir& data_dir, std::string_view file_name, std::string_view bytes) {
  std::string path = ContentPath(data_dir, HexEncode(Sha1(bytes), /*upper=*/true), file_name);
  std::error_code ec;
  if (fs::exists(path, ec) && fs::file_size(path, ec) == bytes.size() && !ec) return Status::Ok();

  fs::create_directories(fs::path(path).parent_path(), ec);
  if (ec) return Status::IoError("cannot create " + fs::path(path).parent_path().string() + ": " + ec.message());
  fs::create_directories(data_dir.tmp_dir(), ec);
  std::string temp =
      data_dir.tmp_dir() + "/" + fs::path(path).filename().string() + "." + std::to_string(::getpid()) + ".part";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError("cannot create " + temp + ": " + std::strerror(errno));
  Status status = WriteAll(fd, bytes, temp);
  // Durable before it becomes visible under its final name.
  if (status.ok() && ::fsync(fd) != 0) status = Status::IoError("cannot sync " + temp + ": " + std::strerror(errno));
  ::close(fd);
  if (status.ok()) {
    fs::rename(temp, path, ec);
    if (ec) status = Status::IoError("cannot rename " + temp + " to " + path + ": " + ec.message());
  }
  if (!status.ok()) fs::remove(temp, ec);
  return status;
}

Result<DemoSeedReport> DemoSeeder::SeedIfEmpty(const DataDir& data_dir, store::Store* store) {
  DemoSeedReport report;
  OW_ASSIGN_OR_RETURN(store::CatalogCounts counts, store->Counts());
  if (counts.revisions > 0) return report;

  for (const demo::DemoContentFile& file : demo::DemoContent()) {
    OW_RETURN_IF_ERROR(WriteContentFile(data_dir, file.file_name, file.bytes));
    ++report.content_files;
  }
  import::Importer importer(store);
  OW_ASSIGN_OR_RETURN(import::ImportReport imported, importer.ImportDocuments(demo::DemoDocuments()));
  report.seeded = true;
  report.revisions = imported.added;
  log::Info("loaded the demo catalog",
            {{"revisions", std::to_string(report.revisions)}, {"content_files", std::to_string(report.content_files)}});
  return report;
}

}  // namespace openwsus::app
