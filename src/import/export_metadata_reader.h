// ExportMetadataReader: streams the records of a `wsusutil export`
// metadata.txt, one update document at a time.
//
// The file is UTF-8 (with or without a BOM) and holds records
//   <update id>,<revision number: 8 hex>,<length: 8 hex>,<XML>
// where the length counts UTF-16 code units (the exporter is .NET), not bytes
// or characters, and the XML may contain line breaks. So a record is read by
// decoding UTF-8 lead bytes until that many UTF-16 units are consumed; line
// breaks between records are skipped.
#ifndef OPENWSUS_IMPORT_EXPORT_METADATA_READER_H_
#define OPENWSUS_IMPORT_EXPORT_METADATA_READER_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "common/result.h"

namespace openwsus::import {

struct MetadataRecord {
  int64_t index = 0;      // 0-based position in the file
  std::string update_id;  // as written in the header
  int32_t revision_number = 0;
  std::string xml;
};

class ExportMetadataReader {
 public:
  // Records longer than this many UTF-16 units are refused.
  static constexpr int64_t kMaxRecordUnits = 128ll << 20;

  static Result<std::unique_ptr<ExportMetadataReader>> Open(const std::string& path);
  ~ExportMetadataReader();

  // The next record, nullopt at the end, or an error naming the record.
  Result<std::optional<MetadataRecord>> Next();

 private:
  explicit ExportMetadataReader(std::FILE* file) : file_(file) {}
  int Peek();
  int Get();
  Result<std::string> ReadField(size_t max_length, std::string_view what);

  std::FILE* file_;
  int64_t index_ = 0;
};

}  // namespace openwsus::import

#endif  // OPENWSUS_IMPORT_EXPORT_METADATA_READER_H_
