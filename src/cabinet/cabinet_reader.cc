#include "cabinet/cabinet_reader.h"

#include <mspack.h>

#include <cstdio>

namespace openwsus::cabinet {
namespace {

std::string MspackError(int code) {
  switch (code) {
    case MSPACK_ERR_OPEN:
      return "cannot open file";
    case MSPACK_ERR_READ:
      return "read error (file truncated?)";
    case MSPACK_ERR_WRITE:
      return "write error";
    case MSPACK_ERR_SEEK:
      return "seek error (file truncated?)";
    case MSPACK_ERR_NOMEMORY:
      return "out of memory";
    case MSPACK_ERR_SIGNATURE:
      return "not a Cabinet file (bad signature)";
    case MSPACK_ERR_DATAFORMAT:
      return "corrupt Cabinet data";
    case MSPACK_ERR_CHECKSUM:
      return "Cabinet checksum mismatch";
    case MSPACK_ERR_CRUNCH:
      return "compression error";
    case MSPACK_ERR_DECRUNCH:
      return "decompression error (corrupt or truncated data)";
    default:
      return "libmspack error " + std::to_string(code);
  }
}

}  // namespace

struct CabinetReader::Impl {
  mscab_decompressor* cabd = nullptr;
  mscabd_cabinet* cab = nullptr;
  std::string path;

  ~Impl() {
    if (cab != nullptr) cabd->close(cabd, cab);
    if (cabd != nullptr) mspack_destroy_cab_decompressor(cabd);
  }
};

CabinetReader::CabinetReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
  for (mscabd_file* f = impl_->cab->files; f != nullptr; f = f->next) {
    members_.push_back({f->filename, static_cast<int64_t>(f->length)});
  }
}

CabinetReader::~CabinetReader() = default;

Result<std::unique_ptr<CabinetReader>> CabinetReader::Open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->cabd = mspack_create_cab_decompressor(nullptr);
  if (impl->cabd == nullptr) return Status::Internal("cannot create a Cabinet decompressor");
  // Refuse damaged data rather than salvaging what we can.
  impl->cabd->set_param(impl->cabd, MSCABD_PARAM_FIXMSZIP, 0);
  impl->cabd->set_param(impl->cabd, MSCABD_PARAM_SALVAGE, 0);
  // libmspack keeps the name pointer and reopens the file on extract, so it
  // must point at our own copy, which lives as long as the cabinet.
  impl->cab = impl->cabd->open(impl->cabd, impl->path.c_str());
  if (impl->cab == nullptr) {
    return Status::DataLoss(path + ": " + MspackError(impl->cabd->last_error(impl->cabd)));
  }
  return std::unique_ptr<CabinetReader>(new CabinetReader(std::move(impl)));
}

bool CabinetReader::HasMember(const std::string& name) const {
  for (const Member& m : members_) {
    if (m.name == name) return true;
  }
  return false;
}

Status CabinetReader::Extract(const std::string& name, const std::string& destination) {
  for (mscabd_file* f = impl_->cab->files; f != nullptr; f = f->next) {
    if (name != f->filename) continue;
    int rc = impl_->cabd->extract(impl_->cabd, f, destination.c_str());
    if (rc != MSPACK_ERR_OK) {
      std::remove(destination.c_str());
      return Status::DataLoss(impl_->path + ": member " + name + ": " + MspackError(rc));
    }
    return Status::Ok();
  }
  return Status::NotFound(impl_->path + " has no member " + name);
}

}  // namespace openwsus::cabinet
