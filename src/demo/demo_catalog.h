// The demo catalog: synthetic update metadata and content that `openwsus serve`
// loads on first start, so that a new server has something to show and serve.
//
// Everything in it is our own made-up data (a fictitious "Contoso Widgets"
// product line), written in the real `upd:Update` document format: a company,
// a product family, two products, the three common update classifications
// (under their well-known update ids, so real classification filters work), a
// detectoid, security / critical / ordinary updates, a bundle, a supersedence
// and an update that can be removed. The files come from data/demo/ (rewritten
// by data/demo/generate.py) and are compiled into the binary at build time, so
// the demo works without the source tree.
//
// Both functions return fresh copies of immutable data: safe from any thread.
#ifndef OPENWSUS_DEMO_DEMO_CATALOG_H_
#define OPENWSUS_DEMO_DEMO_CATALOG_H_

#include <string>
#include <vector>

#include "import/importer.h"

namespace openwsus::demo {

// One `upd:Update` document per revision, named "<update id>-r<revision>.xml",
// sorted by name. Ready for import::Importer::ImportDocuments().
std::vector<import::NamedDocument> DemoDocuments();

// A content file the documents reference; its SHA-1, SHA-256 and size are the
// ones in the documents' Files/File elements.
struct DemoContentFile {
  std::string file_name;  // the File@FileName, e.g. "contoso-widgets-2.1-core-x64.exe"
  std::string bytes;
};

// Every content file, sorted by name (about 2.5 MB in all).
std::vector<DemoContentFile> DemoContent();

}  // namespace openwsus::demo

#endif  // OPENWSUS_DEMO_DEMO_CATALOG_H_
