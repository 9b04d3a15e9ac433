#include "import/cabinet_writer.h"

#include <algorithm>
#include <cstdint>
#include <fstream>

namespace openwsus::import {
namespace {

constexpr size_t kBlockSize = 32768;  // the format's maximum CFDATA payload

void Put16(std::string* out, uint16_t v) {
  out->push_back(static_cast<char>(v & 0xff));
  out->push_back(static_cast<char>(v >> 8));
}

void Put32(std::string* out, uint32_t v) {
  Put16(out, static_cast<uint16_t>(v & 0xffff));
  Put16(out, static_cast<uint16_t>(v >> 16));
}

}  // namespace

void CabinetWriter::AddMember(std::string name, std::string bytes) {
  members_.push_back({std::move(name), std::move(bytes)});
}

std::string CabinetWriter::Build() const {
  std::string stream;
  std::string files;
  for (const Member& m : members_) {
    Put32(&files, static_cast<uint32_t>(m.bytes.size()));
    Put32(&files, static_cast<uint32_t>(stream.size()));  // offset in the folder
    Put16(&files, 0);                                     // folder 0
    Put16(&files, 0x5821);                                // date: 2024-01-01
    Put16(&files, 0);                                     // time
    Put16(&files, 0x20);                                  // archive attribute
    files += m.name;
    files.push_back('\0');
    stream += m.bytes;
  }
  const size_t blocks = (stream.size() + kBlockSize - 1) / kBlockSize;
  const uint32_t header_size = 36;
  const uint32_t folder_size = 8;
  const uint32_t data_start = header_size + folder_size + static_cast<uint32_t>(files.size());
  const uint32_t total = data_start + static_cast<uint32_t>(blocks * 8 + stream.size());

  std::string out = "MSCF";
  Put32(&out, 0);
  Put32(&out, total);
  Put32(&out, 0);
  Put32(&out, header_size + folder_size);  // first CFFILE
  Put32(&out, 0);
  out.push_back(3);  // version 1.3
  out.push_back(1);
  Put16(&out, 1);  // one folder
  Put16(&out, static_cast<uint16_t>(members_.size()));
  Put16(&out, 0);  // flags
  Put16(&out, 0);  // set id
  Put16(&out, 0);  // cabinet index
  Put32(&out, data_start);
  Put16(&out, static_cast<uint16_t>(blocks));
  Put16(&out, 0);  // no compression
  out += files;
  for (size_t at = 0; at < stream.size(); at += kBlockSize) {
    size_t n = std::min(kBlockSize, stream.size() - at);
    Put32(&out, 0);  // checksum 0: not computed
    Put16(&out, static_cast<uint16_t>(n));
    Put16(&out, static_cast<uint16_t>(n));
    out.append(stream, at, n);
  }
  return out;
}

Status CabinetWriter::WriteTo(const std::string& path) const {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::string bytes = Build();
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) return Status::IoError("cannot write " + path);
  return Status::Ok();
}

}  // namespace openwsus::import
