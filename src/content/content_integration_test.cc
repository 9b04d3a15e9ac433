// The real binary serving the demo content over 127.0.0.1, downloaded the way
// Delivery Optimization and BITS download it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>

#include "catalog/update_parser.h"
#include "common/hash.h"
#include "demo/demo_catalog.h"
#include "http/test_http_client.h"
#include "testing/serve_process.h"
#include "testing/test_support.h"

namespace openwsus::content {
namespace {

using http::TestHttpClient;
using http::TestHttpResponse;

constexpr uint64_t kMiB = 1024 * 1024;

struct ServedFile {
  std::string url;
  std::string sha1_hex;  // upper-case
  std::string sha256;    // raw, from the update documents
  uint64_t size = 0;
};

// The demo content as the update documents describe it.
std::vector<ServedFile> DemoFiles() {
  std::map<std::string, catalog::UpdateFile> described;  // by file name
  for (const auto& document : demo::DemoDocuments()) {
    auto update = catalog::ParseUpdate(document.xml);
    EXPECT_TRUE(update.ok()) << document.name;
    if (!update.ok()) continue;
    for (const auto& file : update->files) described[file.file_name] = file;
  }
  std::vector<ServedFile> files;
  for (const auto& content : demo::DemoContent()) {
    auto it = described.find(content.file_name);
    EXPECT_NE(it, described.end()) << content.file_name;
    if (it == described.end()) continue;
    ServedFile file;
    file.sha1_hex = HexEncode(it->second.sha1, /*upper=*/true);
    file.sha256 = it->second.sha256;
    file.size = static_cast<uint64_t>(it->second.size);
    std::string extension = std::filesystem::path(content.file_name).extension().string();
    file.url = "/Content/" + file.sha1_hex.substr(38) + "/" + file.sha1_hex + extension;
    files.push_back(file);
  }
  return files;
}

class ContentIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start());
    files_ = DemoFiles();
    ASSERT_FALSE(files_.empty());
  }

  std::unique_ptr<TestHttpClient> Connect() {
    auto client = TestHttpClient::Connect(server_.http_port(), false, std::chrono::seconds(20));
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(*client) : nullptr;
  }

  TestHttpResponse Get(TestHttpClient& client, const std::string& target, const std::string& range = "",
                       const char* method = "GET") {
    std::string headers = "Connection: Keep-Alive\r\nUser-Agent: Microsoft-Delivery-Optimization/10.1\r\n";
    if (!range.empty()) headers += "Range: " + range + "\r\n";
    auto response = client.Request(method, target, "", headers);
    EXPECT_TRUE(response.ok()) << target << ": " << response.status().ToString();
    return response.ok() ? *response : TestHttpResponse{};
  }

  void ExpectServing() {
    auto client = Connect();
    ASSERT_TRUE(client);
    EXPECT_EQ(Get(*client, files_[0].url, "bytes=0-0").status, 206);
  }

  openwsus::testing::ScopedTempDir dir_;
  openwsus::testing::ServeProcess server_{openwsus::testing::OpenwsusBinary(), dir_.path() + "/data"};
  std::vector<ServedFile> files_;
};

TEST_F(ContentIntegrationTest, DownloadsEveryFileInShuffledMiBRanges) {
  // Up to 7 connections per client, as Delivery Optimization opens.
  std::vector<std::unique_ptr<TestHttpClient>> clients;
  for (int i = 0; i < 3; ++i) clients.push_back(Connect());
  for (auto& c : clients) ASSERT_TRUE(c);
  std::mt19937 random(42);
  size_t turn = 0;
  for (const ServedFile& file : files_) {
    std::vector<uint64_t> offsets;
    for (uint64_t offset = 0; offset < file.size; offset += kMiB) offsets.push_back(offset);
    std::shuffle(offsets.begin(), offsets.end(), random);
    std::string assembled(file.size, '\0');
    std::string etag;
    for (uint64_t offset : offsets) {
      uint64_t last = std::min(offset + kMiB, file.size) - 1;
      std::string range = "bytes=" + std::to_string(offset) + "-" + std::to_string(last);
      TestHttpResponse r = Get(*clients[turn++ % clients.size()], file.url, range);
      ASSERT_EQ(r.status, 206) << file.url << " " << range;
      EXPECT_EQ(r.headers.Get("Content-Range"),
                "bytes " + std::to_string(offset) + "-" + std::to_string(last) + "/" + std::to_string(file.size));
      EXPECT_EQ(r.headers.Get("Content-Length"), std::to_string(last - offset + 1));
      EXPECT_EQ(r.headers.Get("Accept-Ranges"), "bytes");
      EXPECT_EQ(r.headers.Get("Content-Type"), "application/octet-stream");
      EXPECT_TRUE(r.headers.Has("Last-Modified"));
      EXPECT_FALSE(r.headers.Has("Content-Encoding"));
      auto tag = r.headers.Get("ETag");
      ASSERT_TRUE(tag);
      if (etag.empty()) etag = *tag;
      EXPECT_EQ(*tag, etag) << "the ETag must be stable";
      ASSERT_EQ(r.body.size(), last - offset + 1);
      assembled.replace(offset, r.body.size(), r.body);
    }
    EXPECT_EQ(HexEncode(Sha1(assembled), true), file.sha1_hex) << file.url;
    EXPECT_EQ(Sha256(assembled), file.sha256) << file.url;
  }
}

TEST_F(ContentIntegrationTest, HeadWholeOpenAndSuffixRanges) {
  const ServedFile& file =
      *std::max_element(files_.begin(), files_.end(), [](const auto& a, const auto& b) { return a.size < b.size; });
  ASSERT_GT(file.size, 100u);
  auto client = Connect();
  ASSERT_TRUE(client);

  TestHttpResponse head = Get(*client, file.url, "", "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers.Get("Content-Length"), std::to_string(file.size));
  EXPECT_EQ(head.headers.Get("Accept-Ranges"), "bytes");
  EXPECT_EQ(head.headers.Get("ETag"), "\"" + file.sha1_hex + "\"");
  EXPECT_TRUE(head.body.empty());

  TestHttpResponse whole = Get(*client, file.url);
  EXPECT_EQ(whole.status, 200);
  EXPECT_EQ(whole.headers.Get("Last-Modified"), head.headers.Get("Last-Modified"));
  EXPECT_EQ(HexEncode(Sha1(whole.body), true), file.sha1_hex);

  TestHttpResponse head_range = Get(*client, file.url, "bytes=10-19", "HEAD");
  EXPECT_EQ(head_range.status, 206);
  EXPECT_EQ(head_range.headers.Get("Content-Length"), "10");
  EXPECT_TRUE(head_range.body.empty());

  uint64_t from = file.size - 100;
  TestHttpResponse open = Get(*client, file.url, "bytes=" + std::to_string(from) + "-");
  EXPECT_EQ(open.status, 206);
  EXPECT_EQ(open.headers.Get("Content-Range"),
            "bytes " + std::to_string(from) + "-" + std::to_string(file.size - 1) + "/" + std::to_string(file.size));
  EXPECT_EQ(open.body, whole.body.substr(from));

  TestHttpResponse suffix = Get(*client, file.url, "bytes=-7");
  EXPECT_EQ(suffix.status, 206);
  EXPECT_EQ(suffix.headers.Get("Content-Range"), "bytes " + std::to_string(file.size - 7) + "-" +
                                                     std::to_string(file.size - 1) + "/" + std::to_string(file.size));
  EXPECT_EQ(suffix.body, whole.body.substr(file.size - 7));

  TestHttpResponse beyond = Get(*client, file.url, "bytes=" + std::to_string(file.size) + "-");
  EXPECT_EQ(beyond.status, 416);
  EXPECT_EQ(beyond.headers.Get("Content-Range"), "bytes */" + std::to_string(file.size));

  TestHttpResponse several = Get(*client, file.url, "bytes=0-1,4-5");
  EXPECT_EQ(several.status, 200);
  EXPECT_EQ(several.body.size(), file.size);

  TestHttpResponse malformed = Get(*client, file.url, "bytes=9-3");
  EXPECT_EQ(malformed.status, 200);
  EXPECT_EQ(malformed.body.size(), file.size);

  // The connection was kept alive throughout.
  EXPECT_EQ(Get(*client, file.url, "bytes=0-0").status, 206);
}

TEST_F(ContentIntegrationTest, RefusesTricksAndMissingFiles) {
  const ServedFile& file = files_[0];
  std::string name = file.sha1_hex + ".exe";
  struct Case {
    std::string target;
    int status;
  };
  const Case cases[] = {
      {"/Content/../../../../etc/passwd", 400},
      {"/Content/%2e%2e/%2e%2e/etc/passwd", 400},
      {"/Content/" + file.sha1_hex.substr(38) + "%2f..%2f..%2fopenwsus.db", 400},
      {"/Content/" + file.sha1_hex.substr(38) + "%5c" + name, 400},
      {"/Content/" + file.sha1_hex.substr(38) + "/" + name + "%00.txt", 400},
      {"/Content/" + file.sha1_hex.substr(38) + "\\" + name, 400},
      {"/Content//" + file.sha1_hex.substr(38) + "/" + name, 400},
      {"/Content/00/" + name, 404},
      {"/Content/AB/2F88DF42DA48AA980FB748D13BAA2DE49CD154AB.exe", 404},
      {"/Content/" + file.sha1_hex.substr(38) + "/" + file.sha1_hex + ".msu", 404},
      {"/Content/openwsus.db", 404},
  };
  auto client = Connect();
  ASSERT_TRUE(client);
  for (const Case& c : cases) {
    auto response = client->Request("GET", c.target);
    if (!response.ok()) {  // the server may close after a refusal; try again on a new one
      client = Connect();
      ASSERT_TRUE(client);
      response = client->Request("GET", c.target);
    }
    ASSERT_TRUE(response.ok()) << c.target;
    EXPECT_EQ(response->status, c.status) << c.target;
    EXPECT_EQ(response->body.find("root:"), std::string::npos);
  }
  ExpectServing();
  EXPECT_TRUE(server_.child().running());
}

}  // namespace
}  // namespace openwsus::content
