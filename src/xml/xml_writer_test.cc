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

TEST(XmlWriterTest, Elements) {
  std::string out;
  AppendElement(&out, "Title", "Fix <a> & b");
  EXPECT_EQ(out, "<Title>Fix &lt;a&gt; &amp; b</Title>");
  EXPECT_EQ(Element("Value", ""), "<Value></Value>");
}

}  // namespace
}  // namespace openwsus::xml
