#include "cabinet/cabinet_writer.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <limits>

namespace openwsus::cabinet {
namespace {

constexpr size_t kBlockSize = 32768;  // the format's maximum CFDATA payload
constexpr uint32_t kHeaderSize = 36;
constexpr uint32_t kFolderSize = 8;

void Put16(std::string* out, uint16_t v) {
  out->push_back(static_cast<char>(v & 0xff));
  out->push_back(static_cast<char>(v >> 8));
}

void Put32(std::string* out, uint32_t v) {
  Put16(out, static_cast<uint16_t>(v & 0xffff));
  Put16(out, static_cast<uint16_t>(v >> 16));
}

// "CK" and one complete raw DEFLATE stream of `block`.
Result<std::string> MszipBlock(std::string_view block) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Status::Internal("zlib: deflateInit2 failed");
  }
  std::string out = "CK";
  out.resize(2 + deflateBound(&z, block.size()));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(block.data()));
  z.avail_in = static_cast<uInt>(block.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data() + 2);
  z.avail_out = static_cast<uInt>(out.size() - 2);
  int rc = deflate(&z, Z_FINISH);
  size_t written = out.size() - 2 - z.avail_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return Status::Internal("zlib: deflate did not finish");
  out.resize(2 + written);
  // MSZIP allows 32 KiB + 12 bytes of compressed data per block; incompressible
  // input stays within it (deflate's stored blocks add 5 bytes per 16 KiB).
  return out;
}

}  // namespace

void CabinetWriter::LayOut(std::string* files, std::string* stream) const {
  for (const Member& m : members_) {
    Put32(files, static_cast<uint32_t>(m.bytes.size()));
    Put32(files, static_cast<uint32_t>(stream->size()));  // offset in the folder
    Put16(files, 0);                                      // folder 0
    Put16(files, 0x5821);                                 // date: 2024-01-01
    Put16(files, 0);                                      // time
    Put16(files, 0x20);                                   // archive attribute
    *files += m.name;
    files->push_back('\0');
    *stream += m.bytes;
  }
}

void CabinetWriter::AddMember(std::string name, std::string bytes) {
  members_.push_back({std::move(name), std::move(bytes)});
}

Result<std::string> CabinetWriter::Build() const {
  std::string files;
  std::string stream;
  LayOut(&files, &stream);
  const size_t blocks = (stream.size() + kBlockSize - 1) / kBlockSize;
  if (blocks > std::numeric_limits<uint16_t>::max() || members_.size() > std::numeric_limits<uint16_t>::max()) {
    return Status::InvalidArgument("too much data for one Cabinet folder");
  }
  std::string data;
  for (size_t at = 0; at < stream.size(); at += kBlockSize) {
    std::string_view block = std::string_view(stream).substr(at, std::min(kBlockSize, stream.size() - at));
    std::string payload;
    if (compression_ == Compression::kMszip) {
      OW_ASSIGN_OR_RETURN(payload, MszipBlock(block));
    } else {
      payload = std::string(block);
    }
    Put32(&data, 0);  // checksum 0: not computed
    Put16(&data, static_cast<uint16_t>(payload.size()));
    Put16(&data, static_cast<uint16_t>(block.size()));
    data += payload;
  }
  const uint64_t data_start = kHeaderSize + kFolderSize + files.size();
  const uint64_t total = data_start + data.size();
  if (total > std::numeric_limits<int32_t>::max()) return Status::InvalidArgument("Cabinet over 2 GiB");

  std::string out = "MSCF";
  Put32(&out, 0);
  Put32(&out, static_cast<uint32_t>(total));
  Put32(&out, 0);
  Put32(&out, kHeaderSize + kFolderSize);  // first CFFILE
  Put32(&out, 0);
  out.push_back(3);  // version 1.3
  out.push_back(1);
  Put16(&out, 1);  // one folder
  Put16(&out, static_cast<uint16_t>(members_.size()));
  Put16(&out, 0);  // flags
  Put16(&out, 0);  // set id
  Put16(&out, 0);  // cabinet index
  Put32(&out, static_cast<uint32_t>(data_start));
  Put16(&out, static_cast<uint16_t>(blocks));
  Put16(&out, compression_ == Compression::kMszip ? 1 : 0);
  out += files;
  out += data;
  return out;
}

Status CabinetWriter::WriteTo(const std::string& path) const {
  OW_ASSIGN_OR_RETURN(std::string bytes, Build());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) return Status::IoError("cannot write " + path);
  return Status::Ok();
}

}  // namespace openwsus::cabinet
