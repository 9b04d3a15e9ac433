#include "xml/xml_writer.h"

namespace openwsus::xml {

namespace {

// The entity for `c` in text, or nullptr when `c` stands as it is.
const char* TextEntity(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    default:
      return nullptr;
  }
}

// In an attribute value also the quote, and the white space that attribute
// value normalisation would otherwise turn into plain spaces.
const char* AttributeEntity(char c) {
  switch (c) {
    case '"':
      return "&quot;";
    case '\t':
      return "&#x9;";
    case '\n':
      return "&#xA;";
    case '\r':
      return "&#xD;";
    default:
      return TextEntity(c);
  }
}

template <const char* (*Entity)(char)>
void AppendEscaped(std::string* out, std::string_view text) {
  for (char c : text) {
    if (const char* entity = Entity(c)) {
      *out += entity;
    } else {
      *out += c;
    }
  }
}

}  // namespace

void AppendEscapedText(std::string* out, std::string_view text) { AppendEscaped<TextEntity>(out, text); }

void AppendEscapedAttribute(std::string* out, std::string_view value) { AppendEscaped<AttributeEntity>(out, value); }

void AppendAttribute(std::string* out, std::string_view name, std::string_view value) {
  *out += ' ';
  *out += name;
  *out += "=\"";
  AppendEscapedAttribute(out, value);
  *out += '"';
}

void AppendElement(std::string* out, std::string_view name, std::string_view text) {
  out->append("<").append(name).append(">");
  AppendEscapedText(out, text);
  out->append("</").append(name).append(">");
}

std::string Element(std::string_view name, std::string_view text) {
  std::string out;
  AppendElement(&out, name, text);
  return out;
}

}  // namespace openwsus::xml
