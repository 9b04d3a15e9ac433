// CabinetReader: reads Microsoft Cabinet files (MSZIP, LZX, Quantum) through
// libmspack. A `wsusutil export` package is a Cabinet with package.xml and
// metadata.txt. Members are extracted to files, never wholly into memory:
// metadata.txt of a full catalog runs to gigabytes.
#ifndef OPENWSUS_CABINET_CABINET_READER_H_
#define OPENWSUS_CABINET_CABINET_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

namespace openwsus::cabinet {

class CabinetReader {
 public:
  struct Member {
    std::string name;
    int64_t size = 0;  // uncompressed
  };

  static Result<std::unique_ptr<CabinetReader>> Open(const std::string& path);
  ~CabinetReader();

  const std::vector<Member>& members() const { return members_; }
  bool HasMember(const std::string& name) const;
  // Extracts `name` to `destination`; a truncated or corrupt Cabinet is DataLoss.
  Status Extract(const std::string& name, const std::string& destination);

 private:
  struct Impl;
  explicit CabinetReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::vector<Member> members_;
};

}  // namespace openwsus::cabinet

#endif  // OPENWSUS_CABINET_CABINET_READER_H_
