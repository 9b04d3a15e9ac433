#include "demo/demo_catalog.h"

#include "demo/embedded_files.h"

namespace openwsus::demo {

std::vector<import::NamedDocument> DemoDocuments() {
  std::vector<import::NamedDocument> documents;
  for (const internal::EmbeddedFile& file : internal::EmbeddedUpdateDocuments()) {
    documents.push_back({std::string(file.name), std::string(file.bytes)});
  }
  return documents;
}

std::vector<DemoContentFile> DemoContent() {
  std::vector<DemoContentFile> content;
  for (const internal::EmbeddedFile& file : internal::EmbeddedContentFiles()) {
    content.push_back({std::string(file.name), std::string(file.bytes)});
  }
  return content;
}

}  // namespace openwsus::demo
