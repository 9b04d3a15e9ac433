// CabinetWriter: writes a Microsoft Cabinet ([MS-CAB]) of one folder, its
// data blocks stored (typeCompress 0) or MSZIP-compressed (typeCompress 1).
// Every Cabinet reader accepts both, the Windows Cabinet API included, so a
// downstream WSUS reads our MSZIP GetUpdateData blobs as it reads the real
// server's LZX ones (we have no LZX encoder; MS-WSUSSS does not require one).
//
// MSZIP: each block of up to 32 KiB of input is "CK" followed by a complete
// raw DEFLATE stream of that block. Blocks are compressed independently (no
// history carried over), which every MSZIP decoder accepts: carrying history
// is what a decoder allows, not what it needs. CFDATA checksums are left 0
// ("not computed"), as [MS-CAB] permits.
//
// Plain value; not thread-safe while being filled.
#ifndef OPENWSUS_CABINET_CABINET_WRITER_H_
#define OPENWSUS_CABINET_CABINET_WRITER_H_

#include <string>
#include <vector>

#include "common/result.h"

namespace openwsus::cabinet {

enum class Compression { kStored, kMszip };

class CabinetWriter {
 public:
  explicit CabinetWriter(Compression compression = Compression::kStored) : compression_(compression) {}

  void AddMember(std::string name, std::string bytes);
  // The whole Cabinet as bytes. Internal only if zlib fails (it does not on
  // well-formed input); InvalidArgument past the format's 2 GiB / 65,535
  // block limits.
  Result<std::string> Build() const;
  Status WriteTo(const std::string& path) const;

 private:
  struct Member {
    std::string name;
    std::string bytes;
  };
  // The CFFILE entries, and the members concatenated as the folder's stream.
  void LayOut(std::string* files, std::string* stream) const;

  Compression compression_;
  std::vector<Member> members_;
};

}  // namespace openwsus::cabinet

#endif  // OPENWSUS_CABINET_CABINET_WRITER_H_
