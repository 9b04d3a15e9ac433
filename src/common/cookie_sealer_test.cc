#include "common/cookie_sealer.h"

#include <gtest/gtest.h>

#include <random>

#include "common/aead.h"
#include "common/base64.h"
#include "testing/test_support.h"

namespace openwsus {
namespace {

using ::openwsus::testing::ScopedTempDir;

const DateTime kNow = DateTime::FromUnixSeconds(1'760'000'000);

ClientCookieData SampleClient() {
  ClientCookieData d;
  d.client_id = Guid::Random();
  d.target_groups = {"Workstations", "Pilot"};
  d.expires = DateTime::FromUnixSeconds(kNow.unix_seconds() + 3600);
  d.protocol_version = "1.20";
  d.config_last_change = *DateTime::Parse("2025-05-01T10:00:00.123Z");
  d.deployment_high_water = 42;
  return d;
}

AuthorizationCookieData SampleAuth() {
  AuthorizationCookieData d;
  d.client_id = Guid::Random();
  d.dns_name = "pc-042.corp.example.com";
  d.target_groups = {"Servers"};
  d.issued = kNow;
  return d;
}

class CookieSealerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ring = KeyRing::LoadOrCreate(tmp_.path() + "/keys");
    ASSERT_TRUE(ring.ok()) << ring.status().ToString();
    ring_ = std::move(ring).value();
    sealer_ = std::make_unique<CookieSealer>(ring_.get());
  }

  std::string SealClient(const ClientCookieData& d) {
    auto sealed = sealer_->SealClientCookie(d);
    EXPECT_TRUE(sealed.ok()) << sealed.status().ToString();
    return sealed.ok() ? *sealed : std::string();
  }

  ScopedTempDir tmp_;
  std::unique_ptr<KeyRing> ring_;
  std::unique_ptr<CookieSealer> sealer_;
};

TEST_F(CookieSealerTest, RoundTrips) {
  ClientCookieData client = SampleClient();
  client.key_version = 99;  // overwritten with the sealing key's version
  std::string text = SealClient(client);
  EXPECT_TRUE(Base64Decode(text).ok());
  auto opened = sealer_->OpenClientCookie(text, kNow);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened.fault(), CookieFault::kNone);
  client.key_version = 1;
  EXPECT_EQ(*opened, client);

  AuthorizationCookieData auth = SampleAuth();
  auto auth_text = sealer_->SealAuthorizationCookie(auth);
  ASSERT_TRUE(auth_text.ok());
  auto auth_opened = sealer_->OpenAuthorizationCookie(*auth_text, kNow);
  ASSERT_TRUE(auth_opened.ok()) << auth_opened.status().ToString();
  EXPECT_EQ(*auth_opened, auth);

  // Two seals of one payload differ (fresh nonce) but both open.
  EXPECT_NE(SealClient(client), SealClient(client));
}

TEST_F(CookieSealerTest, LargestPayloadFitsTheCap) {
  ClientCookieData d = SampleClient();
  d.target_groups.assign(kMaxCookieGroups, std::string(kMaxCookieGroupName, 'g'));
  auto sealed = sealer_->SealClientCookie(d);
  // 64 x 256-byte groups do not fit 4 KiB of base64: Seal refuses rather than
  // handing out a cookie Open would reject.
  if (!sealed.ok()) {
    EXPECT_EQ(sealed.status().code(), StatusCode::kInvalidArgument);
  } else {
    EXPECT_LE(sealed->size(), CookieSealer::kMaxCookieText);
    EXPECT_TRUE(sealer_->OpenClientCookie(*sealed, kNow).ok());
  }
  d.target_groups.assign(8, std::string(kMaxCookieGroupName, 'g'));
  auto fits = sealer_->SealClientCookie(d);
  ASSERT_TRUE(fits.ok());
  EXPECT_TRUE(sealer_->OpenClientCookie(*fits, kNow).ok());
}

TEST_F(CookieSealerTest, EveryFlippedByteIsInvalid) {
  std::string text = SealClient(SampleClient());
  std::string raw = *Base64Decode(text);
  for (size_t i = 0; i < raw.size(); ++i) {
    for (uint8_t mask : {0x01, 0x80, 0xff}) {
      std::string bad = raw;
      bad[i] = static_cast<char>(bad[i] ^ mask);
      auto opened = sealer_->OpenClientCookie(Base64Encode(bad), kNow);
      ASSERT_FALSE(opened.ok()) << "byte " << i;
      EXPECT_EQ(opened.fault(), CookieFault::kInvalid) << "byte " << i;
      EXPECT_EQ(opened.status().code(), StatusCode::kUnauthenticated);
    }
  }
  // And in the text form: every character swapped for another alphabet letter.
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '=') continue;
    std::string bad = text;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    auto opened = sealer_->OpenClientCookie(bad, kNow);
    // Swapping the last data character can change only padding bits that base64
    // decoding ignores... unless the decoder is strict. Either way, never kNone
    // unless the decoded bytes are unchanged.
    if (Base64Decode(bad).ok() && *Base64Decode(bad) == raw) continue;
    EXPECT_EQ(opened.fault(), CookieFault::kInvalid) << "char " << i;
  }
}

TEST_F(CookieSealerTest, KindsDoNotMix) {
  std::string client = SealClient(SampleClient());
  std::string auth = *sealer_->SealAuthorizationCookie(SampleAuth());
  EXPECT_EQ(sealer_->OpenAuthorizationCookie(client, kNow).fault(), CookieFault::kInvalid);
  EXPECT_EQ(sealer_->OpenClientCookie(auth, kNow).fault(), CookieFault::kInvalid);
}

TEST_F(CookieSealerTest, AudiencesDoNotMix) {
  constexpr auto kDss = CookieAudience::kDownstreamServer;
  std::string client = SealClient(SampleClient());
  auto dss = sealer_->SealClientCookie(SampleClient(), kDss);
  auto dss_auth = sealer_->SealAuthorizationCookie(SampleAuth(), kDss);
  ASSERT_TRUE(dss.ok() && dss_auth.ok());
  EXPECT_TRUE(sealer_->OpenClientCookie(*dss, kNow, kDss).ok());
  EXPECT_TRUE(sealer_->OpenAuthorizationCookie(*dss_auth, kNow, std::nullopt, kDss).ok());
  EXPECT_EQ(sealer_->OpenClientCookie(*dss, kNow).fault(), CookieFault::kInvalid);
  EXPECT_EQ(sealer_->OpenClientCookie(client, kNow, kDss).fault(), CookieFault::kInvalid);
  EXPECT_EQ(sealer_->OpenAuthorizationCookie(*dss_auth, kNow).fault(), CookieFault::kInvalid);
  EXPECT_EQ(sealer_->OpenAuthorizationCookie(*dss, kNow, std::nullopt, kDss).fault(), CookieFault::kInvalid);
}

TEST_F(CookieSealerTest, ServerIdIsBound) {
  CookieSealer other(ring_.get(), Guid::Random());
  std::string text = SealClient(SampleClient());
  EXPECT_EQ(other.OpenClientCookie(text, kNow).fault(), CookieFault::kInvalid);
  auto own = other.SealClientCookie(SampleClient());
  ASSERT_TRUE(own.ok());
  EXPECT_TRUE(other.OpenClientCookie(*own, kNow).ok());
  EXPECT_EQ(sealer_->OpenClientCookie(*own, kNow).fault(), CookieFault::kInvalid);
}

TEST_F(CookieSealerTest, MalformedInputIsInvalid) {
  std::string text = SealClient(SampleClient());
  std::string raw = *Base64Decode(text);
  std::string header_only = raw.substr(0, 5);
  std::string unknown_version = raw;
  unknown_version[4] = 9;  // key version 9: not in the ring
  std::string bad_format = raw;
  bad_format[0] = 2;
  struct Case {
    const char* name;
    std::string text;
  } cases[] = {
      {"empty", ""},
      {"not base64", "not a cookie!"},
      {"whitespace", text.substr(0, 8) + " " + text.substr(8)},
      {"truncated text", text.substr(0, text.size() - 4)},
      {"truncated bytes", Base64Encode(raw.substr(0, raw.size() - 1))},
      {"header only", Base64Encode(header_only)},
      {"just under minimum", Base64Encode(raw.substr(0, 5 + Aead::kOverhead - 1))},
      {"extra byte", Base64Encode(raw + "x")},
      {"unknown key version", Base64Encode(unknown_version)},
      {"unknown envelope format", Base64Encode(bad_format)},
      {"huge", std::string(1 << 20, 'A')},
      {"just over cap", std::string(CookieSealer::kMaxCookieText + 4, 'A')},
      {"foreign WSUS cookie", Base64Encode(std::string(496, '\x5a'))},
      {"pywsus zeros", Base64Encode(std::string(12, '\0'))},
  };
  for (const auto& c : cases) {
    auto client = sealer_->OpenClientCookie(c.text, kNow);
    EXPECT_EQ(client.fault(), CookieFault::kInvalid) << c.name;
    EXPECT_FALSE(client.status().ok()) << c.name;
    EXPECT_EQ(sealer_->OpenAuthorizationCookie(c.text, kNow).fault(), CookieFault::kInvalid) << c.name;
  }
}

TEST_F(CookieSealerTest, RandomGarbageNeverCrashesOrOpens) {
  std::mt19937 rng(4242);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
  for (int i = 0; i < 5000; ++i) {
    std::string s(rng() % 700, '\0');
    if (i % 2 == 0) {
      for (char& c : s) c = alphabet[rng() % alphabet.size()];
    } else {
      for (char& c : s) c = static_cast<char>(rng());
    }
    if (i % 5 == 0) {  // well-formed base64 that starts like one of ours
      std::string raw(5 + rng() % 400, '\0');
      for (char& c : raw) c = static_cast<char>(rng());
      raw[0] = 1;
      raw[1] = raw[2] = raw[3] = 0;
      raw[4] = 1;
      s = Base64Encode(raw);
    }
    EXPECT_EQ(sealer_->OpenClientCookie(s, kNow).fault(), CookieFault::kInvalid);
    EXPECT_EQ(sealer_->OpenAuthorizationCookie(s, kNow).fault(), CookieFault::kInvalid);
  }
}

TEST_F(CookieSealerTest, Expiry) {
  ClientCookieData d = SampleClient();
  std::string text = SealClient(d);
  struct Case {
    const char* name;
    DateTime now;
    CookieFault want;
  } cases[] = {
      {"well before", kNow, CookieFault::kNone},
      {"at expiry", d.expires, CookieFault::kNone},
      {"one second after", DateTime::FromUnixSeconds(d.expires.unix_seconds() + 1), CookieFault::kExpired},
      {"a year after", DateTime::FromUnixSeconds(d.expires.unix_seconds() + 365 * 86400), CookieFault::kExpired},
  };
  for (const auto& c : cases) {
    auto opened = sealer_->OpenClientCookie(text, c.now);
    EXPECT_EQ(opened.fault(), c.want) << c.name;
    if (c.want == CookieFault::kExpired) {
      EXPECT_EQ(opened.status().code(), StatusCode::kFailedPrecondition);
    }
  }
  // A tampered expired cookie is invalid, not expired.
  std::string raw = *Base64Decode(text);
  raw[raw.size() - 1] ^= 1;
  EXPECT_EQ(
      sealer_->OpenClientCookie(Base64Encode(raw), DateTime::FromUnixSeconds(d.expires.unix_seconds() + 10)).fault(),
      CookieFault::kInvalid);
}

TEST_F(CookieSealerTest, AuthorizationMaxAge) {
  std::string text = *sealer_->SealAuthorizationCookie(SampleAuth());
  auto later = [](int64_t s) { return DateTime::FromUnixSeconds(kNow.unix_seconds() + s); };
  EXPECT_TRUE(sealer_->OpenAuthorizationCookie(text, later(1000000)).ok());  // no max age
  EXPECT_TRUE(sealer_->OpenAuthorizationCookie(text, later(600), std::chrono::seconds(600)).ok());
  EXPECT_EQ(sealer_->OpenAuthorizationCookie(text, later(601), std::chrono::seconds(600)).fault(),
            CookieFault::kExpired);
}

TEST_F(CookieSealerTest, RotationWithGracePeriodThenDrop) {
  std::string old_client = SealClient(SampleClient());
  std::string old_auth = *sealer_->SealAuthorizationCookie(SampleAuth());

  ASSERT_TRUE(ring_->Rotate(/*keep_previous=*/true).ok());
  auto opened = sealer_->OpenClientCookie(old_client, kNow);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->key_version, 1u);  // the SOAP layer reseals with version 2
  EXPECT_TRUE(sealer_->OpenAuthorizationCookie(old_auth, kNow).ok());
  std::string new_client = SealClient(SampleClient());
  EXPECT_EQ(sealer_->OpenClientCookie(new_client, kNow)->key_version, 2u);

  ASSERT_TRUE(ring_->DropPrevious().ok());
  EXPECT_EQ(sealer_->OpenClientCookie(old_client, kNow).fault(), CookieFault::kInvalid);
  EXPECT_EQ(sealer_->OpenAuthorizationCookie(old_auth, kNow).fault(), CookieFault::kInvalid);
  EXPECT_TRUE(sealer_->OpenClientCookie(new_client, kNow).ok());
}

TEST_F(CookieSealerTest, RotationWithoutKeepingInvalidatesAtOnce) {
  std::string old_client = SealClient(SampleClient());
  ASSERT_TRUE(ring_->Rotate(/*keep_previous=*/false).ok());
  auto opened = sealer_->OpenClientCookie(old_client, kNow);
  EXPECT_EQ(opened.fault(), CookieFault::kInvalid);
  EXPECT_NE(opened.status().message().find("unknown key version 1"), std::string::npos) << opened.status().message();
  EXPECT_TRUE(sealer_->OpenClientCookie(SealClient(SampleClient()), kNow).ok());

  // A restarted server (ring reloaded from disk) agrees.
  auto reloaded = std::move(KeyRing::LoadOrCreate(tmp_.path() + "/keys")).value();
  CookieSealer after_restart(reloaded.get());
  EXPECT_EQ(after_restart.OpenClientCookie(old_client, kNow).fault(), CookieFault::kInvalid);
}

TEST(CookieFaultTest, Names) {
  EXPECT_EQ(CookieFaultName(CookieFault::kNone), "none");
  EXPECT_EQ(CookieFaultName(CookieFault::kInvalid), "invalid");
  EXPECT_EQ(CookieFaultName(CookieFault::kExpired), "expired");
}

}  // namespace
}  // namespace openwsus
