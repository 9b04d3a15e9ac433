#include "common/key_ring.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/hash.h"
#include "common/random.h"

namespace openwsus {
namespace {

constexpr char kMagic[4] = {'O', 'W', 'K', 'R'};
constexpr uint8_t kFormat = 1;
constexpr size_t kHeaderSize = 4 + 1 + 4 + 4;
constexpr size_t kEntrySize = 4 + KeyRing::kKeySize;
constexpr size_t kChecksumSize = 32;
constexpr size_t kMaxFileSize = kHeaderSize + KeyRing::kMaxKeys * kEntrySize + kChecksumSize;

std::string Errno(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

void PutU32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

uint32_t GetU32(const std::string& in, size_t pos) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<uint8_t>(in[pos + i]);
  return v;
}

Result<std::string> RandomKey() { return RandomBytes(KeyRing::kKeySize); }

std::string Serialize(uint32_t current, const std::map<uint32_t, std::string>& keys) {
  std::string out(kMagic, sizeof kMagic);
  out.push_back(static_cast<char>(kFormat));
  PutU32(&out, current);
  PutU32(&out, static_cast<uint32_t>(keys.size()));
  for (const auto& [version, key] : keys) {
    PutU32(&out, version);
    out += key;
  }
  out += Sha256(out);
  return out;
}

struct Parsed {
  uint32_t current = 0;
  std::map<uint32_t, std::string> keys;
};

Result<Parsed> Parse(const std::string& data, const std::string& path) {
  auto bad = [&](const std::string& why) { return Status::DataLoss("keys file " + path + " is malformed: " + why); };
  if (data.size() < kHeaderSize + kEntrySize + kChecksumSize || data.size() > kMaxFileSize) {
    return bad("wrong size " + std::to_string(data.size()));
  }
  if (std::memcmp(data.data(), kMagic, sizeof kMagic) != 0) return bad("bad magic");
  if (static_cast<uint8_t>(data[4]) != kFormat) return bad("unknown format version");
  Parsed parsed;
  parsed.current = GetU32(data, 5);
  uint32_t count = GetU32(data, 9);
  if (count == 0 || count > KeyRing::kMaxKeys) return bad("bad key count");
  if (data.size() != kHeaderSize + count * kEntrySize + kChecksumSize) {
    return bad("size does not match key count");
  }
  size_t body = data.size() - kChecksumSize;
  if (Sha256(std::string_view(data).substr(0, body)) != data.substr(body)) {
    return bad("checksum mismatch");
  }
  uint32_t previous = 0;
  for (size_t i = 0, pos = kHeaderSize; i < count; ++i, pos += kEntrySize) {
    uint32_t version = GetU32(data, pos);
    if (version <= previous) return bad("key versions not increasing");
    parsed.keys.emplace(version, data.substr(pos + 4, KeyRing::kKeySize));
    previous = version;
  }
  if (parsed.keys.count(parsed.current) == 0) return bad("current version has no key");
  return parsed;
}

// Reads the keys file, checking what it is before trusting its bytes.
// Returns NotFound when it does not exist.
Result<std::string> ReadKeysFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("no keys file " + path);
    if (errno == ELOOP) return Status::PermissionDenied("keys file " + path + " is a symlink");
    return Status::IoError(Errno("cannot open keys file", path));
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0) return Status::IoError(Errno("cannot stat keys file", path));
  if (!S_ISREG(st.st_mode)) {
    return Status::PermissionDenied("keys file " + path + " is not a regular file");
  }
  if (st.st_uid != ::geteuid()) {
    return Status::PermissionDenied("keys file " + path + " is not owned by this user");
  }
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return Status::PermissionDenied("keys file " + path + " has mode " + mode +
                                    "; it must be 0600 (chmod 600 it if this is expected)");
  }
  if (st.st_size < 0 || static_cast<size_t>(st.st_size) > kMaxFileSize) {
    return Status::DataLoss("keys file " + path + " is malformed: wrong size " + std::to_string(st.st_size));
  }
  std::string data(static_cast<size_t>(st.st_size), '\0');
  size_t got = 0;
  while (got < data.size()) {
    ssize_t n = ::read(fd, data.data() + got, data.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IoError(Errno("cannot read keys file", path));
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  data.resize(got);
  return data;
}

std::string DirOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Status WriteFileAtomically(const std::string& path, const std::string& data) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  ::unlink(tmp.c_str());  // a leftover from a crashed writer with our pid
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoError(Errno("cannot create", tmp));
  auto fail = [&](const std::string& what) {
    Status s = Status::IoError(Errno(what, tmp));
    ::close(fd);
    ::unlink(tmp.c_str());
    return s;
  };
  // The umask could only remove bits, but be explicit about the mode we rely on.
  if (::fchmod(fd, 0600) != 0) return fail("cannot chmod");
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail("cannot write");
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return fail("cannot fsync");
  if (::close(fd) != 0) {
    Status s = Status::IoError(Errno("cannot close", tmp));
    ::unlink(tmp.c_str());
    return s;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Status s = Status::IoError(Errno("cannot rename onto", path));
    ::unlink(tmp.c_str());
    return s;
  }
  // Make the rename itself durable.
  int dir_fd = ::open(DirOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<KeyRing>> KeyRing::LoadOrCreate(const std::string& dir) {
  if (dir.empty()) return Status::InvalidArgument("empty keys directory");
  std::string path = dir + "/" + kFileName;
  Result<std::string> data = ReadKeysFile(path);
  if (data.ok()) {
    OW_ASSIGN_OR_RETURN(Parsed parsed, Parse(*data, path));
    return std::unique_ptr<KeyRing>(new KeyRing(path, parsed.current, std::move(parsed.keys)));
  }
  if (data.status().code() != StatusCode::kNotFound) return data.status();

  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::IoError(Errno("cannot create keys directory", dir));
  }
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Status::IoError("keys directory " + dir + " is not a directory");
  }
  OW_ASSIGN_OR_RETURN(std::string key, RandomKey());
  std::map<uint32_t, std::string> keys{{1, std::move(key)}};
  std::unique_ptr<KeyRing> ring(new KeyRing(path, 1, std::move(keys)));
  {
    std::lock_guard<std::mutex> lock(ring->mu_);
    OW_RETURN_IF_ERROR(ring->Persist(ring->current_, ring->keys_));
  }
  return ring;
}

uint32_t KeyRing::current_version() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_;
}

std::pair<uint32_t, std::string> KeyRing::CurrentKey() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {current_, keys_.at(current_)};
}

std::vector<uint32_t> KeyRing::versions() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<uint32_t> out;
  for (const auto& entry : keys_) out.push_back(entry.first);
  return out;
}

std::optional<std::string> KeyRing::Find(uint32_t version) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = keys_.find(version);
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

Status KeyRing::Rotate(bool keep_previous) {
  std::lock_guard<std::mutex> lock(mu_);
  uint32_t newest = keys_.rbegin()->first;
  if (newest == UINT32_MAX) return Status::ResourceExhausted("key versions exhausted");
  std::map<uint32_t, std::string> keys;
  if (keep_previous) {
    keys = keys_;
    if (keys.size() >= kMaxKeys) {
      return Status::ResourceExhausted("key ring holds " + std::to_string(kMaxKeys) +
                                       " keys; drop the previous ones first");
    }
  }
  OW_ASSIGN_OR_RETURN(std::string key, RandomKey());
  keys.emplace(newest + 1, std::move(key));
  OW_RETURN_IF_ERROR(Persist(newest + 1, keys));
  current_ = newest + 1;
  keys_ = std::move(keys);
  return Status::Ok();
}

Status KeyRing::DropPrevious() {
  std::lock_guard<std::mutex> lock(mu_);
  if (keys_.size() == 1) return Status::Ok();
  std::map<uint32_t, std::string> keys{{current_, keys_.at(current_)}};
  OW_RETURN_IF_ERROR(Persist(current_, keys));
  keys_ = std::move(keys);
  return Status::Ok();
}

Status KeyRing::Persist(uint32_t current, const std::map<uint32_t, std::string>& keys) const {
  return WriteFileAtomically(path_, Serialize(current, keys));
}

}  // namespace openwsus
