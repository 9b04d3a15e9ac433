#include "xml/xml_writer.h"

namespace openwsus::xml {

void AppendEscapedText(std::string* out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        *out += "&amp;";
        break;
      case '<':
        *out += "&lt;";
        break;
      case '>':
        *out += "&gt;";
        break;
      default:
        *out += c;
    }
  }
}

void AppendEscapedAttribute(std::string* out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '&':
        *out += "&amp;";
        break;
      case '<':
        *out += "&lt;";
        break;
      case '>':
        *out += "&gt;";
        break;
      case '"':
        *out += "&quot;";
        break;
      case '\t':
        *out += "&#x9;";
        break;
      case '\n':
        *out += "&#xA;";
        break;
      case '\r':
        *out += "&#xD;";
        break;
      default:
        *out += c;
    }
  }
}

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
