// Test support: replaying the real captures of ../fixtures/wsus-rs
// (wsus-m0-native) against our service and comparing the answers with the
// real server's, structurally. Test-only.
#ifndef OPENWSUS_WUSP_TEST_REPLAY_H_
#define OPENWSUS_WUSP_TEST_REPLAY_H_

#include <pugixml.hpp>

#include <functional>
#include <optional>
#include <string>

namespace openwsus::wusp {

struct Exchange {
  std::string path;
  std::string soap_action;  // as sent, quoted
  std::string request_body;
  std::string response_body;
};

// ../fixtures/wsus-rs/wsus-m0-native/<set>/<name> ("scan", "000006"), or
// nullopt when the fixtures are absent.
std::optional<Exchange> LoadExchange(const std::string& set, const std::string& name);

// Replaces the text of the first <name>...</name>, which must be blanked ('A's).
std::string ReplaceBlanked(std::string body, const std::string& name, const std::string& value);

// The text of the first element of that local name, "<absent>" if none.
std::string ElementText(const std::string& body, const std::string& name);

// Whether a node's text differs by nature between two servers (cookies,
// times, revision and deployment ids...): its text is not compared.
using TextIgnored = std::function<bool(const pugi::xml_node&)>;
// Cookies, expirations and the package share's (redacted) host.
bool HandshakeTextIgnored(const pugi::xml_node& node);

// Same elements (qualified names), order, attributes (namespace declarations
// included) and texts, except where `ignored`.
void ExpectSameShape(const pugi::xml_node& real, const pugi::xml_node& ours, const std::string& path,
                     const TextIgnored& ignored = HandshakeTextIgnored);
// Both bodies parsed; the same declaration, no line breaks in ours, the same shape.
void ExpectSameResponse(const std::string& real, const std::string& ours,
                        const TextIgnored& ignored = HandshakeTextIgnored);

}  // namespace openwsus::wusp

#endif  // OPENWSUS_WUSP_TEST_REPLAY_H_
