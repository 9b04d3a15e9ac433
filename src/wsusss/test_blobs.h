// What the wsusss tests share: the Cabinet blob decoder (libmspack through
// CabinetReader, and cabextract as the independent check) and the real
// fixture paths.
#ifndef OPENWSUS_WSUSSS_TEST_BLOBS_H_
#define OPENWSUS_WSUSSS_TEST_BLOBS_H_

#include <optional>
#include <string>

namespace openwsus::wsusss::testing {

// The member "blob" of the base64 Cabinet `text`, decoded from UTF-16LE to
// UTF-8, read by libmspack; empty (with a test failure) when it does not read.
std::string DecodeBlobWithMspack(const std::string& text);
// The same through cabextract; nullopt when cabextract is not installed.
std::optional<std::string> DecodeBlobWithCabextract(const std::string& text);

// ../shared/fixtures/wsus-rs/wsus-m0-wsusss, or nullopt.
std::optional<std::string> WsusssFixtures();

}  // namespace openwsus::wsusss::testing

#endif  // OPENWSUS_WSUSSS_TEST_BLOBS_H_
