// The raw demo catalog files compiled into the binary. The definitions are
// generated at build time (embed_files.cmake) from data/demo/updates/*.xml and
// data/demo/content/*; use demo_catalog.h rather than this header.
// The data is immutable and has static storage duration: safe from any thread.
#ifndef OPENWSUS_DEMO_EMBEDDED_FILES_H_
#define OPENWSUS_DEMO_EMBEDDED_FILES_H_

#include <span>
#include <string_view>

namespace openwsus::demo::internal {

struct EmbeddedFile {
  std::string_view name;   // the file's name, without a directory
  std::string_view bytes;  // its exact contents
};

// Sorted by name.
std::span<const EmbeddedFile> EmbeddedUpdateDocuments();
std::span<const EmbeddedFile> EmbeddedContentFiles();

}  // namespace openwsus::demo::internal

#endif  // OPENWSUS_DEMO_EMBEDDED_FILES_H_
