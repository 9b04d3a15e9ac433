// UpdateBlob: how GetUpdateData carries one stored update document
// (protocol-wsusss.md (a) 6, (h)): as XmlUpdateBlob, the document as escaped
// text, or as XmlUpdateBlobCompressed, base64 of a one-member Cabinet whose
// member "blob" holds the document as UTF-16LE without a BOM or an XML
// declaration. A Windows upstream compresses documents over 5,120 bytes of
// UTF-16 (MS-WSUSSS WinNote 36; the real captures agree: 1,432 characters came
// plain, 4,917 compressed); so do we. Our Cabinet is MSZIP, not the real
// server's LZX: every Cabinet reader takes either (cabinet_writer.h).
//
// The document itself is the stored bytes (architecture principle 6): only a
// leading BOM or XML declaration goes, since neither is part of the document
// and the declaration's encoding would lie about the UTF-16 form.
//
// Plain functions; thread-safe.
#ifndef OPENWSUS_WSUSSS_UPDATE_BLOB_H_
#define OPENWSUS_WSUSSS_UPDATE_BLOB_H_

#include <string>
#include <string_view>

#include "common/result.h"

namespace openwsus::wsusss {

inline constexpr size_t kCompressAboveUtf16Bytes = 5120;

struct UpdateBlob {
  bool compressed = false;
  std::string text;  // the document (plain), or base64 of the Cabinet (compressed)
};

// `xml` without a leading UTF-8 BOM and XML declaration.
std::string_view DocumentBody(std::string_view xml);

// InvalidArgument when the stored document is not valid UTF-8.
Result<UpdateBlob> MakeUpdateBlob(std::string_view xml);

}  // namespace openwsus::wsusss

#endif  // OPENWSUS_WSUSSS_UPDATE_BLOB_H_
