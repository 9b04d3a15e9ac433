#include "import/export_metadata_reader.h"

#include <charconv>

namespace openwsus::import {
namespace {

Result<int64_t> ParseHex(const std::string& text, std::string_view what) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (text.size() != 8 || ec != std::errc() || end != text.data() + text.size()) {
    return Status::InvalidArgument(std::string(what) + " is not 8 hex digits: '" + text + "'");
  }
  return value;
}

bool IsContinuation(int byte) { return (byte & 0xC0) == 0x80; }

}  // namespace

Result<std::unique_ptr<ExportMetadataReader>> ExportMetadataReader::Open(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return Status::IoError("cannot open " + path);
  std::unique_ptr<ExportMetadataReader> reader(new ExportMetadataReader(file));
  // Skip a UTF-8 byte order mark.
  unsigned char bom[3];
  size_t n = std::fread(bom, 1, 3, file);
  if (!(n == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF)) std::rewind(file);
  return reader;
}

ExportMetadataReader::~ExportMetadataReader() { std::fclose(file_); }

int ExportMetadataReader::Peek() {
  int c = std::getc(file_);
  if (c != EOF) std::ungetc(c, file_);
  return c;
}

int ExportMetadataReader::Get() { return std::getc(file_); }

Result<std::string> ExportMetadataReader::ReadField(size_t max_length, std::string_view what) {
  std::string field;
  while (true) {
    int c = Get();
    if (c == EOF) return Status::DataLoss("file ends inside the " + std::string(what));
    if (c == ',') return field;
    if (field.size() >= max_length) {
      return Status::InvalidArgument("malformed record header: " + std::string(what) + " too long");
    }
    field += static_cast<char>(c);
  }
}

Result<std::optional<MetadataRecord>> ExportMetadataReader::Next() {
  while (Peek() == '\r' || Peek() == '\n') Get();
  if (Peek() == EOF) return std::optional<MetadataRecord>();
  MetadataRecord record;
  record.index = index_++;
  auto context = [&](const Status& s) {
    return s.WithContext("metadata record " + std::to_string(record.index) +
                         (record.update_id.empty() ? "" : " (update " + record.update_id + ")"));
  };
  auto id = ReadField(38, "update id");
  if (!id.ok()) return context(id.status());
  record.update_id = *id;
  auto rev_text = ReadField(8, "revision number");
  if (!rev_text.ok()) return context(rev_text.status());
  auto rev = ParseHex(*rev_text, "revision number");
  if (!rev.ok()) return context(rev.status());
  record.revision_number = static_cast<int32_t>(*rev);
  auto length_text = ReadField(8, "length");
  if (!length_text.ok()) return context(length_text.status());
  auto units = ParseHex(*length_text, "length");
  if (!units.ok()) return context(units.status());
  if (*units > kMaxRecordUnits) return context(Status::ResourceExhausted("record longer than the limit"));

  // Consume UTF-8 until `units` UTF-16 code units are read: every lead byte is
  // one unit, and a 4-byte sequence (outside the BMP) is two.
  int64_t read = 0;
  record.xml.reserve(static_cast<size_t>(*units));
  while (read < *units || IsContinuation(Peek())) {
    int c = Get();
    if (c == EOF) {
      return context(Status::DataLoss("file ends after " + std::to_string(read) + " of " + std::to_string(*units) +
                                      " UTF-16 units (record length wrong or file truncated)"));
    }
    if (!IsContinuation(c)) read += (c & 0xF8) == 0xF0 ? 2 : 1;
    record.xml += static_cast<char>(c);
  }
  if (read != *units) return context(Status::InvalidArgument("record length splits a character"));
  return std::optional<MetadataRecord>(std::move(record));
}

}  // namespace openwsus::import
