// Helpers to write XML text by appending to a string: the fragments and SOAP
// messages we send are built this way, which is far cheaper than building a DOM.
#ifndef OPENWSUS_XML_XML_WRITER_H_
#define OPENWSUS_XML_XML_WRITER_H_

#include <string>
#include <string_view>

namespace openwsus::xml {

// Escapes &, < and > (and, in attributes, " as well as tab/newline/CR, which
// an XML parser would otherwise normalize to spaces).
void AppendEscapedText(std::string* out, std::string_view text);
void AppendEscapedAttribute(std::string* out, std::string_view value);

// Appends ` name="value"` with the value escaped.
void AppendAttribute(std::string* out, std::string_view name, std::string_view value);

// Appends <name>text</name>, the text escaped; Element() returns it.
void AppendElement(std::string* out, std::string_view name, std::string_view text);
std::string Element(std::string_view name, std::string_view text);

}  // namespace openwsus::xml

#endif  // OPENWSUS_XML_XML_WRITER_H_
