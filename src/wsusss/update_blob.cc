#include "wsusss/update_blob.h"

#include "cabinet/cabinet_writer.h"
#include "common/base64.h"
#include "common/strings.h"
#include "common/utf16.h"

namespace openwsus::wsusss {

std::string_view DocumentBody(std::string_view xml) {
  if (xml.starts_with("\xEF\xBB\xBF")) xml.remove_prefix(3);
  if (xml.starts_with("<?xml")) {
    size_t end = xml.find("?>");
    if (end != std::string_view::npos) xml = Trim(xml.substr(end + 2), kWhitespace);
  }
  return xml;
}

Result<UpdateBlob> MakeUpdateBlob(std::string_view xml) {
  std::string_view body = DocumentBody(xml);
  OW_ASSIGN_OR_RETURN(std::string wide, Utf8ToUtf16Le(body));
  if (wide.size() <= kCompressAboveUtf16Bytes) return UpdateBlob{false, std::string(body)};
  cabinet::CabinetWriter cab(cabinet::Compression::kMszip);
  cab.AddMember("blob", std::move(wide));
  OW_ASSIGN_OR_RETURN(std::string bytes, cab.Build());
  return UpdateBlob{true, Base64Encode(bytes)};
}

}  // namespace openwsus::wsusss
