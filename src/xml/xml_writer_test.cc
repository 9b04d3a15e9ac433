#include "xml/xml_writer.h"

#include <gtest/gtest.h>

namespace openwsus::xml {
namespace {

TEST(XmlWriterTest, EscapesTextAndAttributes) {
  std::string out;
  AppendEscapedText(&out, "a<b&c>\"");
  EXPECT_EQ(out, "a&lt;b&amp;c&gt;\"");
  out.clear();
  AppendAttribute(&out, "Path", "C:\\x \"y\"\n");
  EXPECT_EQ(out, " Path=\"C:\\x &quot;y&quot;&#xA;\"");
}

}  // namespace
}  // namespace openwsus::xml
