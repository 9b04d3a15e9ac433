// CabinetWriter: writes a Microsoft Cabinet whose data blocks are stored
// uncompressed (typeCompress 0). Every Cabinet reader accepts that form. Used to
// build test and benchmark exports; OpenWSUS reads real, compressed ones with
// CabinetReader.
#ifndef OPENWSUS_IMPORT_CABINET_WRITER_H_
#define OPENWSUS_IMPORT_CABINET_WRITER_H_

#include <string>
#include <vector>

#include "common/status.h"

namespace openwsus::import {

class CabinetWriter {
 public:
  void AddMember(std::string name, std::string bytes);
  // The whole Cabinet as bytes.
  std::string Build() const;
  Status WriteTo(const std::string& path) const;

 private:
  struct Member {
    std::string name;
    std::string bytes;
  };
  std::vector<Member> members_;
};

}  // namespace openwsus::import

#endif  // OPENWSUS_IMPORT_CABINET_WRITER_H_
