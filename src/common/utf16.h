// UTF-8 <-> UTF-16LE, strictly: MS-WSUSSS carries update documents as UTF-16LE
// inside a Cabinet (GetUpdateData's XmlUpdateBlobCompressed) while we keep them
// as the UTF-8 bytes they arrived in. A lossy path would change documents
// (a real blob held U+00A0, protocol-wsusss.md (h)), so both directions refuse
// what they cannot convert exactly: overlong forms, surrogates encoded in
// UTF-8, code points past U+10FFFF, unpaired surrogates, odd byte counts.
//
// Plain functions; thread-safe.
#ifndef OPENWSUS_COMMON_UTF16_H_
#define OPENWSUS_COMMON_UTF16_H_

#include <string>
#include <string_view>

#include "common/result.h"

namespace openwsus {

// InvalidArgument naming the byte offset of the first bad sequence.
Result<std::string> Utf8ToUtf16Le(std::string_view utf8);
Result<std::string> Utf16LeToUtf8(std::string_view utf16le);

}  // namespace openwsus

#endif  // OPENWSUS_COMMON_UTF16_H_
