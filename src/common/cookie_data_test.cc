#include "common/cookie_data.h"

#include <gtest/gtest.h>

#include <random>

namespace openwsus {
namespace {

ClientCookieData SampleClient() {
  ClientCookieData d;
  d.client_id = *Guid::Parse("0b5ab4e1-3b2c-4d0e-9f8a-7c6b5a4d3e2f");
  d.target_groups = {"Workstations", "Pilot", ""};
  d.expires = *DateTime::Parse("2026-09-02T08:19:36.0812345Z");
  d.protocol_version = "1.20";
  d.config_last_change = *DateTime::Parse("2025-01-01T00:00:00.5Z");
  d.key_version = 7;
  d.deployment_high_water = -123456789;
  d.driver_high_water = 987654321;
  return d;
}

AuthorizationCookieData SampleAuth() {
  AuthorizationCookieData d;
  d.client_id = Guid::Random();
  d.dns_name = "pc-042.corp.example.com";
  d.target_groups = {"Servers"};
  d.issued = *DateTime::Parse("1969-12-31T23:59:59.9999999Z");
  return d;
}

TEST(CookieDataTest, RoundTrips) {
  ClientCookieData client = SampleClient();
  auto bytes = EncodeClientCookieData(client);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto decoded = DecodeClientCookieData(*bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, client);

  AuthorizationCookieData auth = SampleAuth();
  auto abytes = EncodeAuthorizationCookieData(auth);
  ASSERT_TRUE(abytes.ok());
  auto adecoded = DecodeAuthorizationCookieData(*abytes);
  ASSERT_TRUE(adecoded.ok()) << adecoded.status().ToString();
  EXPECT_EQ(*adecoded, auth);

  // Defaults and the edges of the DateTime range.
  ClientCookieData empty;
  empty.expires = *DateTime::Parse("9999-12-31T23:59:59.9999999Z");
  empty.config_last_change = *DateTime::Parse("0001-01-01T00:00:00Z");
  auto ebytes = EncodeClientCookieData(empty);
  ASSERT_TRUE(ebytes.ok()) << ebytes.status().ToString();
  EXPECT_EQ(*DecodeClientCookieData(*ebytes), empty);
}

TEST(CookieDataTest, EncodeEnforcesLimits) {
  struct Case {
    const char* name;
    void (*mutate)(ClientCookieData*);
  } cases[] = {
      {"group name", [](ClientCookieData* d) { d->target_groups.push_back(std::string(257, 'g')); }},
      {"group count", [](ClientCookieData* d) { d->target_groups.assign(65, "g"); }},
      {"protocol version", [](ClientCookieData* d) { d->protocol_version = std::string(33, '1'); }},
      {"expiry range", [](ClientCookieData* d) { d->expires = DateTime::FromUnixSeconds(-62135596801LL); }},
      {"config range", [](ClientCookieData* d) { d->config_last_change = DateTime::FromUnixSeconds(253402300800LL); }},
  };
  for (const auto& c : cases) {
    ClientCookieData d = SampleClient();
    c.mutate(&d);
    EXPECT_EQ(EncodeClientCookieData(d).status().code(), StatusCode::kInvalidArgument) << c.name;
  }
  AuthorizationCookieData a = SampleAuth();
  a.dns_name = std::string(256, 'a');
  EXPECT_EQ(EncodeAuthorizationCookieData(a).status().code(), StatusCode::kInvalidArgument);
  // At the limits it still fits.
  ClientCookieData big = SampleClient();
  big.target_groups.assign(kMaxCookieGroups, std::string(kMaxCookieGroupName, 'g'));
  EXPECT_TRUE(EncodeClientCookieData(big).ok());
}

TEST(CookieDataTest, RejectsEveryTruncationAndTrailingBytes) {
  std::string bytes = *EncodeClientCookieData(SampleClient());
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto d = DecodeClientCookieData(bytes.substr(0, n));
    ASSERT_FALSE(d.ok()) << n;
    EXPECT_EQ(d.status().code(), StatusCode::kDataLoss);
  }
  EXPECT_FALSE(DecodeClientCookieData(bytes + '\0').ok());
  std::string auth = *EncodeAuthorizationCookieData(SampleAuth());
  for (size_t n = 0; n < auth.size(); ++n) {
    EXPECT_FALSE(DecodeAuthorizationCookieData(auth.substr(0, n)).ok()) << n;
  }
  EXPECT_FALSE(DecodeAuthorizationCookieData(auth + "x").ok());
}

TEST(CookieDataTest, RejectsBadFields) {
  std::string bytes = *EncodeClientCookieData(SampleClient());
  std::string bad_format = bytes;
  bad_format[0] = 2;
  EXPECT_FALSE(DecodeClientCookieData(bad_format).ok());
  // Group count (after format + guid) over the limit.
  std::string many = bytes;
  many[17] = 0;
  many[18] = 65;
  EXPECT_FALSE(DecodeClientCookieData(many).ok());
  // A string length far past the end.
  std::string long_str = bytes;
  long_str[19] = '\xff';
  long_str[20] = '\xff';
  EXPECT_FALSE(DecodeClientCookieData(long_str).ok());
  // One kind's bytes are not the other's.
  EXPECT_FALSE(DecodeAuthorizationCookieData(bytes).ok());
  EXPECT_FALSE(DecodeClientCookieData(*EncodeAuthorizationCookieData(SampleAuth())).ok());
}

// Fuzz-like: random bytes, and random mutations of valid encodings, never crash
// and whatever decodes re-encodes to the same bytes (the parser is exact).
TEST(CookieDataTest, RandomInputNeverCrashes) {
  std::mt19937 rng(20250917);
  std::string client = *EncodeClientCookieData(SampleClient());
  std::string auth = *EncodeAuthorizationCookieData(SampleAuth());
  int decoded = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string input;
    switch (i % 3) {
      case 0: {
        input.resize(rng() % 200);
        for (char& c : input) c = static_cast<char>(rng());
        if (!input.empty()) input[0] = 1;  // get past the format byte
        break;
      }
      case 1:
        input = client;
        break;
      case 2:
        input = auth;
        break;
    }
    if (i % 3 != 0) {
      int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits && !input.empty(); ++e) {
        size_t pos = rng() % input.size();
        switch (rng() % 3) {
          case 0:
            input[pos] = static_cast<char>(rng());
            break;
          case 1:
            input.erase(pos, 1 + rng() % 3);
            break;
          case 2:
            input.insert(pos, 1, static_cast<char>(rng()));
            break;
        }
      }
    }
    if (auto d = DecodeClientCookieData(input); d.ok()) {
      ++decoded;
      EXPECT_EQ(*EncodeClientCookieData(*d), input);
    }
    if (auto d = DecodeAuthorizationCookieData(input); d.ok()) {
      ++decoded;
      EXPECT_EQ(*EncodeAuthorizationCookieData(*d), input);
    }
  }
  EXPECT_GT(decoded, 0);  // the mutations do reach the successful path sometimes
}

}  // namespace
}  // namespace openwsus
