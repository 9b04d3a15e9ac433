#!/usr/bin/env python3
"""Writes a deterministic synthetic update catalog for benchmarks.

    generate_catalog.py OUT_DIR --updates N [--seed S] [--products P] [--detectoids D]
                        [--drivers R] [--gate-by-product] [--profiles DIR [--profile-count K]]

OUT_DIR receives one `<update id>-r<revision>.xml` per update document, in the
real `upd:Update` format that `openwsus import OUT_DIR` reads: a category tree
(1 company, 4 product families, P products, 12 classifications), D detectoids
and N - 17 - P - D - R software updates (standalone updates, bundles and their
members), with supersedence, detectoid prerequisites, applicability rules,
files and command-line handler data, and R driver updates (none by default). Everything is made up (publisher
"Fabrikam", KB 8100000 and up, CVE-2099-*, *.example URLs); all ids, digests
and sizes come from random.Random(seed), so the same arguments always give
byte-identical files. Standard library only. See README.md next to this file.
"""

import argparse
import base64
import datetime
import json
import math
import os
import random
import sys
import time
import uuid

# --- Namespaces and document styles ------------------------------------------

NS = {
    "upd": "http://schemas.microsoft.com/msus/2002/12/Update",
    "bar": "http://schemas.microsoft.com/msus/2002/12/BaseApplicabilityRules",
    "lar": "http://schemas.microsoft.com/msus/2002/12/LogicalApplicabilityRules",
    "cmd": "http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/CommandLineInstallation",
    "cat": "http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/Category",
    "drv": "http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/WindowsDriver",
}
NS_PUB = "http://schemas.microsoft.com/msus/2002/12/Publishing"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"

# How a document spells its namespaces. Real documents differ in this way:
#  - "plain": the prefixes upd/bar/lar/cmd/cat, all declared on the root (our demo catalog);
#  - "wsus": as a real WSUS serves them: xmlns:pub first and xmlns:upd last on the root,
#    and rule, handler and category elements declaring their own namespace again;
#  - "short": one-letter prefixes (u, b, l, c), as in our parser's test documents.
STYLES = {
    "plain": {"prefix": {"upd": "upd", "bar": "bar", "lar": "lar", "cmd": "cmd", "cat": "cat", "drv": "drv"},
              "nested": False, "pub": False},
    "wsus": {"prefix": {"upd": "upd", "bar": "bar", "lar": "lar", "cmd": "cmd", "cat": "cat", "drv": "drv"},
             "nested": True, "pub": True},
    "short": {"prefix": {"upd": "u", "bar": "b", "lar": "l", "cmd": "c", "cat": "c", "drv": "d"},
              "nested": False, "pub": False},
}
STYLE_NAMES = ["plain", "wsus", "short"]
STYLE_WEIGHTS = [50, 40, 10]
# Namespaces that "wsus" style re-declares on the top element of each run of them.
NESTED_NS = ("bar", "lar", "cmd", "cat", "drv")

# --- Element trees ------------------------------------------------------------
#
# A node is (namespace key, local name, [(attribute, value)], children), where
# children is None (empty-element tag), a str (text) or a list of nodes. The same
# tree is rendered as a document (render_document) and measured in the fragment form a
# client receives (fragment_len, following src/catalog/fragment_builder.cc).


def E(ns, local, attrs=(), kids=None):
    return (ns, local, attrs, kids)


def esc_text(s):
    if "&" in s or "<" in s or ">" in s:
        s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s


def esc_attr(s):
    s = str(s)
    if "&" in s or "<" in s or ">" in s or '"' in s:
        s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return s


def _render(node, pfx, nested, parent_ns, out):
    ns, local, attrs, kids = node
    tag = pfx[ns] + ":" + local
    out.append("<" + tag)
    for k, v in attrs:
        out.append(' %s="%s"' % (k, esc_attr(v)))
    if nested and ns != parent_ns and ns in NESTED_NS:
        out.append(' xmlns:%s="%s"' % (pfx[ns], NS[ns]))
    if kids is None:
        out.append(" />")
        return
    out.append(">")
    if isinstance(kids, str):
        out.append(esc_text(kids))
    else:
        for child in kids:
            _render(child, pfx, nested, ns, out)
    out.append("</" + tag + ">")


def render_document(children, used, style):
    """The upd:Update root with `children`; `used` lists the namespace keys besides upd."""
    st = STYLES[style]
    pfx = st["prefix"]
    decls = []
    if st["pub"]:
        decls.append(("pub", NS_PUB))
    if not st["pub"]:
        decls.append((pfx["upd"], NS["upd"]))
    for key in ("bar", "lar", "cmd", "cat", "drv"):
        if key in used:
            decls.append((pfx[key], NS[key]))
    if st["pub"]:
        decls.append((pfx["upd"], NS["upd"]))  # real documents declare upd last
    out = ["<" + pfx["upd"] + ":Update"]
    out.extend(' xmlns:%s="%s"' % d for d in decls)
    out.append(">")
    for child in children:
        _render(child, pfx, st["nested"], "upd", out)
    out.append("</" + pfx["upd"] + ":Update>")
    return "".join(out)


def fragment_len(node):
    """Length of `node` in fragment form: no namespace declarations, no element
    prefixes except `b.` for BaseApplicabilityRules and `d.` for drivers, attribute prefixes dropped."""
    ns, local, attrs, kids = node
    name = len(local) + (2 if ns in ("bar", "drv") else 0)
    n = 1 + name
    for k, v in attrs:
        if k.startswith("xmlns"):
            continue
        n += len(k.rsplit(":", 1)[-1]) + 4 + len(esc_attr(v))
    if not kids:
        return n + 3
    n += 1
    if isinstance(kids, str):
        n += len(esc_text(kids))
    else:
        for child in kids:
            n += fragment_len(child)
    return n + 3 + name


CORE_PROPERTIES = ("UpdateType", "ExplicitlyDeployable", "AutoSelectOnWebSites", "OSUpgrade", "EulaID")


def core_len(identity, properties, relationships, rules):
    """Length of the Core fragment: identity, reduced Properties, Relationships, ApplicabilityRules."""
    attrs = dict(properties[2])
    props = len("<Properties />")
    for name in CORE_PROPERTIES:
        value = attrs.get(name, "Software" if name == "UpdateType" else "")
        if not value or (name in ("ExplicitlyDeployable", "AutoSelectOnWebSites", "OSUpgrade") and value != "true"):
            continue
        props += len(name) + 4 + len(esc_attr(value))
    n = fragment_len(identity) + props
    if relationships is not None:
        n += fragment_len(relationships)
    if rules is not None:
        n += fragment_len(rules)
    return n


def identity(update_id, revision=None):
    attrs = [("UpdateID", update_id)]
    if revision is not None:
        attrs.append(("RevisionNumber", str(revision)))
    return E("upd", "UpdateIdentity", attrs)


def all_of(parts):
    return parts[0] if len(parts) == 1 else E("lar", "And", (), parts)


def localized(title, description, more_info=None, support=None):
    kids = [E("upd", "Language", (), "en"), E("upd", "Title", (), title),
            E("upd", "Description", (), description)]
    if more_info:
        kids.append(E("upd", "MoreInfoUrl", (), more_info))
    if support:
        kids.append(E("upd", "SupportUrl", (), support))
    return E("upd", "LocalizedPropertiesCollection", (), [E("upd", "LocalizedProperties", (), kids)])


# --- Made-up vocabulary ---------------------------------------------------------

COMPANY = "Fabrikam"
SUPPORT_URL = "https://fabrikam.example/support"
HKLM = "HKEY_LOCAL_MACHINE"

FAMILIES = [
    ("Fabrikam Office", "Writer Sheets Mail Slides Notes Publisher Forms Viewer"),
    ("Fabrikam Server", "Database_Server Web_Server Mail_Server Directory_Services Backup_Server "
                        "File_Gateway Print_Server Message_Queue"),
    ("Fabrikam Developer Tools", "Studio Compiler_Suite Runtime Test_Agent Build_Tools Profiler SDK "
                                 "Package_Manager"),
    ("Fabrikam Desktop", "Media_Player Remote_Desktop_Client Photo_Editor PDF_Reader Browser Antivirus "
                         "VPN_Client Input_Tools"),
]
PRODUCT_RELEASES = ["2016", "2019", "2021", "2023", "2024", "2026"]

# (name, weight for software updates, title pattern, description pattern)
CLASSIFICATIONS = [
    ("Security Updates", 34, "Security Update for {product} (KB{kb})",
     "A security vulnerability in {product} could allow {impact} when a user opens a specially crafted "
     "{artifact}. This update removes the vulnerability. A restart may be needed after it is installed."),
    ("Critical Updates", 10, "Critical Update for {product} (KB{kb})",
     "This update fixes a serious problem in {product} in which {symptom}. Install it to keep "
     "{product} working reliably."),
    ("Updates", 28, "Update for {product} (KB{kb})",
     "This update improves the stability and performance of {product}. It also fixes an issue in "
     "which {symptom}."),
    ("Definition Updates", 6, "Definition Update for {product} - KB{kb} (Version {version})",
     "Updates the detection data that {product} uses to version {version}. Once installed, this item "
     "cannot be removed."),
    ("Service Packs", 2, "{product} Service Pack {n} (KB{kb})",
     "{product} Service Pack {n} includes every update released for {product} so far, together with "
     "new fixes and improvements."),
    ("Update Rollups", 6, "Update Rollup {n} for {product} (KB{kb})",
     "Update Rollup {n} for {product} combines the fixes released since the previous rollup into a "
     "single package."),
    ("Feature Packs", 3, "Feature Pack for {product} (KB{kb})",
     "This feature pack adds {feature} to {product}."),
    ("Tools", 3, "{product} Diagnostics Tool (KB{kb})",
     "This tool helps administrators {task} on computers that run {product}."),
    ("Drivers", 2, "{company} Driver Update for {product} (KB{kb})",
     "This update installs a newer driver that {product} uses for {device}."),
    ("Upgrades", 2, "Upgrade to {product} {version} (KB{kb})",
     "Upgrades an existing installation of {product} to release {version}, keeping its settings and data."),
    ("Applications", 3, "{product} Companion App (KB{kb})",
     "Installs a companion application for {product} that {task}."),
    ("Guidance", 1, "Guidance for {product} (KB{kb})",
     "Provides configuration guidance for {product} about {topic}."),
]
SECURITY = 0  # index of Security Updates above
AUTO_SELECT = {0, 1, 3}  # security, critical and definition updates

WORDS = {
    "impact": ["remote code execution", "elevation of privilege", "information disclosure",
               "denial of service", "a security feature bypass", "spoofing"],
    "artifact": ["file", "document", "network request", "web page", "message", "project"],
    "symptom": ["the application stops responding when a network share becomes unavailable",
                "data can be lost when saving to a slow disk",
                "the service does not start after a time zone change",
                "settings are reset after a restart",
                "memory use grows steadily over several days",
                "a background task uses all processor time",
                "printing a large document fails",
                "sign-in takes several minutes on a domain computer"],
    "feature": ["support for a new file format", "a command-line interface", "offline synchronization",
                "accessibility improvements", "high-contrast themes", "scripting extensions"],
    "task": ["collect logs", "repair damaged settings", "check the installation",
             "migrate user profiles", "export and import settings"],
    "device": ["network adapters", "printers", "scanners", "smart card readers", "audio devices"],
    "topic": ["hardening the default configuration", "certificate renewal", "backup retention",
              "upgrading from older releases"],
}
SEVERITIES = ["Critical", "Important", "Moderate", "Low"]
SEVERITY_WEIGHTS = [30, 50, 15, 5]
ARGUMENTS = ["/quiet /norestart", "/q", "/s /v/qn", "-silent -norestart", "/passive /norestart", "/install /quiet"]
# Extra applicability conditions that pad rules to their target size.
INSTALLED_FILLERS = ["file_version_installed", "value_exists", "file_exists"]
INSTALLABLE_FILLERS = ["file_version", "policy", "value_exists", "file_exists", "language", "edition",
                       "conflict", "windows_build"]
ONCE_FILLERS = {"language", "edition", "windows_build"}
POLICY_VALUES = ["DisableAutomaticUpdates", "BlockUpgrade", "PauseUpdates", "DeferFeatureUpdates",
                 "DisableTelemetryUpload"]
REG_VALUES = ["InstallPath", "ProductCode", "Language", "Channel", "LastUpdate", "DataPath"]
FEATURE_NAMES = ["Spelling", "Sync", "Telemetry", "Plugins", "Cloud", "Scripting", "Reporting", "Search",
                 "Preview", "Encryption", "Compression", "Indexer", "Scheduler", "Connector"]
DLL_NAMES = ["core", "engine", "ui", "net", "storage", "render", "crypto", "host", "shell", "common"]


# --- The generator ----------------------------------------------------------------


class Generator:
    def __init__(self, seed, products, detectoids, total, gate_by_product=False, drivers=0):
        self.rng = random.Random(seed)
        self.n_drivers = drivers
        # Devices and drivers draw from their own stream: without drivers the
        # catalog is what it always was.
        self.device_rng = random.Random(seed * 1000003 + 17)
        self.device_ids = ["PCI\\VEN_%04X&DEV_%04X" % (0x1000 + k, self.device_rng.randrange(0x10000))
                           for k in range(max(1, drivers // 3))]
        self.gate_by_product = gate_by_product
        self.n_products = products
        self.n_detectoids = detectoids
        self.total = total
        self.ids = set()
        self.kb = 8100000
        self.cve = 10000
        self.bulletin = 0
        self.docs = []  # (file name, text)
        self.counts = {}
        self.core_sizes = []

    # Random helpers.
    def guid(self):
        while True:
            g = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
            if g not in self.ids:
                self.ids.add(g)
                return g

    def b64(self, nbytes):
        return base64.b64encode(self.rng.getrandbits(nbytes * 8).to_bytes(nbytes, "little")).decode()

    def style(self):
        return self.rng.choices(STYLE_NAMES, STYLE_WEIGHTS)[0]

    def own_id(self, update_id, style):
        # A few real documents write their own UpdateID in capitals.
        if style == "wsus" and self.rng.random() < 0.03:
            return update_id.upper()
        return update_id

    def revision(self, choices, weights):
        return self.rng.choices(choices, weights)[0]

    @staticmethod
    def date(dt):
        return dt.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (dt.microsecond // 1000)

    def add(self, kind, update_id, revision, text):
        self.docs.append(("%s-r%d.xml" % (update_id, revision), text))
        self.counts[kind] = self.counts.get(kind, 0) + 1

    # -- Categories -------------------------------------------------------------

    def category_doc(self, kind, update_id, revision, created, category_type, title, description,
                     parent, info_attrs):
        style = self.style()
        props = E("upd", "Properties", [
            ("DefaultPropertiesLanguage", "en"), ("UpdateType", "Category"),
            ("ExplicitlyDeployable", "false"), ("IsPublic", "true"), ("Handler", NS["cat"]),
            ("PublicationState", "Published"), ("CreationDate", self.date(created)),
            ("PublisherID", self.publisher)], [])
        kids = [identity(self.own_id(update_id, style), revision), props, localized(title, description)]
        if parent:
            kids.append(E("upd", "Relationships", (), [E("upd", "Prerequisites", (), [
                E("upd", "AtLeastOne", [("IsCategory", "true")], [identity(parent)])])]))
        kids.append(E("upd", "ApplicabilityRules", (), [E("upd", "IsInstalled", (), [E("lar", "True")])]))
        pfx = STYLES[style]["prefix"]
        kids.append(E("upd", "HandlerSpecificData",
                      [("xsi:type", pfx["cat"] + ":Category"), ("xmlns:xsi", NS_XSI)],
                      [E("cat", "CategoryInformation", [("CategoryType", category_type)] + info_attrs)]))
        self.add(kind, update_id, revision, render_document(kids, ("lar", "cat"), style))

    def categories(self):
        rng = self.rng
        base = datetime.datetime(2018, 3, 5, 9, 0, 0)
        when = lambda: base + datetime.timedelta(seconds=rng.randrange(0, 86400 * 60),
                                                  milliseconds=rng.randrange(1000))
        cat_rev = lambda: self.revision([100, 101, 102], [80, 15, 5])

        self.company = self.guid()
        self.category_doc("company", self.company, cat_rev(), when(), "Company", COMPANY,
                          "Fabrikam, Inc., the fictitious publisher of this synthetic benchmark catalog.",
                          None, [("ProhibitsSubcategories", "false"), ("ProhibitsUpdates", "true"),
                                 ("DisplayOrder", "1")])

        self.families = []
        for name, nouns in FAMILIES:
            fid = self.guid()
            self.families.append((fid, name, nouns.split()))
            self.category_doc("product family", fid, cat_rev(), when(), "ProductFamily", name,
                              "Every release of %s." % name, self.company,
                              [("ProhibitsSubcategories", "false"), ("ProhibitsUpdates", "true"),
                               ("DisplayOrder", "2")])

        # Products: each (noun, release) pair once per family, in a shuffled order.
        pools = []
        for _, _, nouns in self.families:
            pool = [(noun, rel) for noun in nouns for rel in PRODUCT_RELEASES]
            rng.shuffle(pool)
            pools.append(pool)
        used = [0] * len(pools)
        self.products = []
        for i in range(self.n_products):
            family = i if i < len(self.families) else rng.randrange(len(self.families))
            pool = pools[family]
            noun, release = pool[used[family] % len(pool)]
            cycle = used[family] // len(pool)
            used[family] += 1
            noun_text = noun.replace("_", " ")
            name = "%s %s %s" % (COMPANY, noun_text, release)
            if cycle:
                name += " Edition %d" % (cycle + 1)
            pid = self.guid()
            product = {
                "id": pid, "name": name, "slug": noun.replace("_", "") + "\\" + release + ("-e%d" % (cycle + 1) if cycle else ""),
                "major": int(release) - 2000 if release.isdigit() else 1, "build": 1000,
                "dll": rng.choice(DLL_NAMES) + ".dll", "weight": rng.uniform(0.3, 3.0),
                "detectoid": None,
            }
            self.products.append(product)
            self.category_doc("product", pid, cat_rev(), when(), "Product", name,
                              "%s and its updates." % name, self.families[family][0],
                              [("ProhibitsSubcategories", "true"), ("ProhibitsUpdates", "false")])

        self.classifications = []
        for name, weight, title, description in CLASSIFICATIONS:
            cid = self.guid()
            self.classifications.append(cid)
            self.category_doc("classification", cid, cat_rev(), when(), "UpdateClassification", name,
                              "%s (synthetic classification of the benchmark catalog)." % name, None,
                              [("ProhibitsSubcategories", "true"), ("ProhibitsUpdates", "false")])

    # -- Detectoids ---------------------------------------------------------------

    def detectoid_rule(self, product):
        """Title, description and IsInstalled rule of a detectoid that is not a product's
        own; `product` is the product whose detectoid it depends on, if any."""
        rng = self.rng
        kind = rng.choice(["feature", "file"] if product else ["os", "arch", "feature", "file"])
        product = product or rng.choice(self.products)
        build = rng.choice([10240, 14393, 17763, 19041, 19045, 20348, 22000, 22621, 22631, 26100])
        if kind == "os":
            server = rng.random() < 0.3
            title = "Windows %s build %d or later" % ("Server" if server else "10/11", build)
            description = "Detects Windows build %d or later." % build
            rule = E("bar", "WindowsVersion", [("Comparison", "GreaterThanOrEqualTo"), ("MajorVersion", "10"),
                                               ("MinorVersion", "0"), ("BuildNumber", str(build)),
                                               ("ProductType", "3" if server else "1")])
        elif kind == "arch":
            arch, label = rng.choice([("9", "x64"), ("0", "x86"), ("12", "ARM64")])
            title = "%s-based Windows build %d or later" % (label, build)
            description = "Detects %s-based computers that run Windows build %d or later." % (label, build)
            rule = E("lar", "And", (), [
                E("bar", "Processor", [("Architecture", arch)]),
                E("bar", "WindowsVersion", [("Comparison", "GreaterThanOrEqualTo"), ("MajorVersion", "10"),
                                            ("MinorVersion", "0"), ("BuildNumber", str(build))])])
        elif kind == "feature":
            feature = rng.choice(FEATURE_NAMES)
            title = "%s %s feature is enabled" % (product["name"], feature)
            description = "Detects the %s feature of %s." % (feature, product["name"])
            rule = E("bar", "RegDword", [("Key", HKLM),
                                         ("Subkey", "SOFTWARE\\Fabrikam\\%s\\Features" % product["slug"]),
                                         ("Value", feature), ("Comparison", "EqualTo"), ("Data", "1")])
        else:
            feature = rng.choice(FEATURE_NAMES)
            title = "%s %s component is present" % (product["name"], feature)
            description = "Detects the %s component of %s by its file." % (feature, product["name"])
            rule = E("bar", "FileExists", [("Csidl", "38"),
                                           ("Path", "Fabrikam\\%s\\%s.dll" % (product["slug"], feature.lower()))])
        return title, description, rule

    def detectoids(self):
        rng = self.rng
        n = self.n_detectoids
        base = datetime.datetime(2018, 6, 1, 10, 0, 0)
        self.detectoid_ids = []
        depth = []
        titles = set()
        # The first detectoid of each product (while there are enough) detects the product;
        # about a third of all detectoids depend on an earlier one (chains at most 3 deep).
        n_product = min(n, len(self.products))
        others = n - n_product
        p_child = min(1.0, (n / 3.0) / others) if others else 0.0
        for i in range(n):
            did = self.guid()
            parent = None
            if i < n_product:
                product = self.products[i]
                product["detectoid"] = did
                title = "%s is installed" % product["name"]
                description = "Detects %s by its registry key." % product["name"]
                rule = E("bar", "RegKeyExists", [("Key", HKLM), ("Subkey", "SOFTWARE\\Fabrikam\\" + product["slug"])])
            else:
                if rng.random() < p_child:
                    candidates = [j for j in range(i) if depth[j] < 3]
                    if candidates:
                        parent = rng.choice(candidates)
                product = self.products[parent] if parent is not None and parent < n_product else None
                for attempt in range(30):
                    title, description, rule = self.detectoid_rule(product)
                    if title not in titles:
                        break
                else:
                    title += " (%d)" % i
            titles.add(title)
            depth.append(1 if parent is None else depth[parent] + 1)
            revision = self.revision([100, 200, 201], [50, 40, 10])
            style = self.style()
            props_attrs = [("DefaultPropertiesLanguage", "en"), ("UpdateType", "Detectoid"),
                           ("ExplicitlyDeployable", "false"), ("IsPublic", "true")]
            if rng.random() < 0.5:
                props_attrs.append(("DetectoidType", "SKU or Feature"))
            created = base + datetime.timedelta(seconds=rng.randrange(0, 86400 * 365), milliseconds=rng.randrange(1000))
            props_attrs += [("PublicationState", "Published"), ("CreationDate", self.date(created)),
                            ("PublisherID", self.publisher)]
            kids = [identity(self.own_id(did, style), revision), E("upd", "Properties", props_attrs, []),
                    localized(title, description)]
            if parent is not None:
                kids.append(E("upd", "Relationships", (), [E("upd", "Prerequisites", (), [
                    identity(self.detectoid_ids[parent])])]))
            kids.append(E("upd", "ApplicabilityRules", (), [E("upd", "IsInstalled", (), [rule])]))
            used = ("bar", "lar") if rule[0] == "lar" else ("bar",)
            self.detectoid_ids.append(did)
            self.add("detectoid", did, revision, render_document(kids, used, style))

    # -- Software -----------------------------------------------------------------

    def plan_software(self, n_software):
        """Decides which top-level updates are bundles, their products, classifications,
        dates and supersedence, before any document is written."""
        rng = self.rng
        n_bundles = n_software // 10
        n_top = n_software - 2 * n_bundles
        bundles = set(rng.sample(range(n_top), n_bundles))
        start = datetime.datetime(2019, 1, 8, 17, 0, 0)
        span = int((datetime.datetime(2026, 6, 30, 17, 0, 0) - start).total_seconds())
        offsets = sorted(rng.randrange(span) for _ in range(n_top))
        product_weights = [p["weight"] for p in self.products]
        class_weights = [c[1] for c in CLASSIFICATIONS]
        tops = []
        per_product = [[] for _ in self.products]
        for i in range(n_top):
            p = rng.choices(range(len(self.products)), product_weights)[0]
            c = rng.choices(range(len(CLASSIFICATIONS)), class_weights)[0]
            top = {"index": i, "id": self.guid(), "product": p, "class": c, "bundle": i in bundles,
                   "created": start + datetime.timedelta(seconds=offsets[i], milliseconds=rng.randrange(1000)),
                   "supersedes": None, "superseded": False}
            tops.append(top)
            per_product[p].append(i)
        # About 15% of all software documents supersede an earlier update of the same product.
        position = {}
        for p, members in enumerate(per_product):
            for k, i in enumerate(members):
                position[i] = (p, k)
        eligible = [i for i in range(n_top) if position[i][1] > 0]
        chosen = sorted(rng.sample(eligible, min(len(eligible), round(0.15 * n_software))))
        for i in chosen:
            p, k = position[i]
            earlier = per_product[p][:k]
            target = None
            if rng.random() < 0.75:  # usually the latest update not yet replaced
                for j in reversed(earlier):
                    if not tops[j]["superseded"]:
                        target = j
                        break
            if target is None:
                target = rng.choice(earlier)
            tops[i]["supersedes"] = target
            tops[target]["superseded"] = True
        self.superseding = len(chosen)
        return tops

    def text(self, c, product, kb, version):
        rng = self.rng
        _, _, title, description = CLASSIFICATIONS[c]
        values = {k: rng.choice(v) for k, v in WORDS.items()}
        values.update(product=product["name"], kb=kb, version=version, n=rng.randint(1, 4), company=COMPANY)
        return title.format(**values), description.format(**values)

    def behavior(self, tag):
        rng = self.rng
        attrs = [("RebootBehavior", rng.choices(["NeverReboots", "CanRequestReboot", "AlwaysRequiresReboot"],
                                                [30, 50, 20])[0])]
        if rng.random() < 0.25:
            attrs.append(("Impact", rng.choices(["Minor", "Normal", "RequiresExclusiveHandling"], [70, 25, 5])[0]))
        if rng.random() < 0.3:
            attrs.append(("CanRequestUserInput", "false"))
        if rng.random() < 0.1:
            attrs.append(("RequiresNetworkConnectivity", "false"))
        return E("upd", tag, attrs)

    def version(self, product):
        product["build"] += self.rng.randint(1, 40)
        return "%d.0.%d.%d" % (product["major"], product["build"], self.rng.randrange(10000))

    def files(self, names, created):
        rng = self.rng
        nodes = []
        total = 0
        for name in names:
            if name.endswith(".cab"):
                size = int(rng.lognormvariate(math.log(600e3), 1.2))
            else:
                size = int(rng.lognormvariate(math.log(4e6), 1.5))
            size = max(8192, min(size, 2 << 30))
            total += size
            modified = created - datetime.timedelta(days=rng.randint(1, 20), seconds=rng.randrange(86400))
            attrs = [("Digest", self.b64(20)), ("DigestAlgorithm", "SHA1"), ("FileName", name),
                     ("Size", str(size)), ("Modified", modified.strftime("%Y-%m-%dT%H:%M:%SZ"))]
            if rng.random() < 0.2:
                attrs.append(("PatchingType", "SelfContained"))
            nodes.append(E("upd", "File", attrs, [E("upd", "AdditionalDigest", [("Algorithm", "SHA256")], self.b64(32))]))
        return E("upd", "Files", (), nodes), total

    def handler_data(self, program, style):
        rng = self.rng
        codes = [E("cmd", "ReturnCode", [("Reboot", "false"), ("Result", "Succeeded"), ("Code", "0")])]
        if rng.random() < 0.7:
            codes.append(E("cmd", "ReturnCode", [("Reboot", "true"), ("Result", "Succeeded"), ("Code", "3010")]))
        if rng.random() < 0.4:
            codes.append(E("cmd", "ReturnCode", [("Reboot", "true"), ("Result", "Succeeded"), ("Code", "1641")]))
        if rng.random() < 0.5:
            codes.append(E("cmd", "ReturnCode", [("Reboot", "false"), ("Result", "Cancelled"), ("Code", "1602")]))
        command = [("Arguments", rng.choice(ARGUMENTS)), ("Program", program)]
        if rng.random() < 0.5:
            command.reverse()
        if rng.random() < 0.6:
            command += [("RebootByDefault", "false"), ("DefaultResult", "Failed")]
        return E("upd", "HandlerSpecificData",
                 [("xsi:type", STYLES[style]["prefix"]["cmd"] + ":CommandLineInstallation"), ("xmlns:xsi", NS_XSI)],
                 [E("cmd", "InstallCommand", command, codes)])

    def filler(self, product, where, seen):
        """One more applicability condition (about 100 to 300 bytes in fragment form) for
        IsInstalled or IsInstallable, different from those already in `seen`."""
        rng = self.rng
        kinds = INSTALLED_FILLERS if where == "installed" else INSTALLABLE_FILLERS
        for _ in range(20):
            kind = rng.choice(kinds)
            if kind in ONCE_FILLERS and kind in seen:
                continue
            node = self.make_filler(kind, product)
            text = repr(node)
            if text not in seen:
                seen.update((kind, text))
                return node
        path = "Fabrikam\\%s\\plugins\\plugin%d.dll" % (product["slug"], len(seen))
        return E("bar", "FileExists", [("Csidl", "38"), ("Path", path)])

    def make_filler(self, kind, product):
        rng = self.rng
        key = "SOFTWARE\\Fabrikam\\" + product["slug"]
        path = "Fabrikam\\%s\\%s" % (product["slug"], rng.choice(DLL_NAMES) + rng.choice([".dll", ".exe"]))
        if kind == "file_version":
            return E("bar", "FileVersion", [("Csidl", "38"), ("Path", path), ("Comparison", "LessThan"),
                                            ("Version", self.version(product))])
        if kind == "file_version_installed":
            return E("bar", "FileVersion", [("Csidl", "38"), ("Path", path), ("Comparison", "GreaterThanOrEqualTo"),
                                            ("Version", self.version(product))])
        if kind == "policy":
            return E("lar", "Not", (), [E("bar", "RegDword", [
                ("Key", HKLM), ("Subkey", "SOFTWARE\\Policies\\Fabrikam\\" + product["slug"]),
                ("Value", rng.choice(POLICY_VALUES)), ("Comparison", "EqualTo"), ("Data", "1")])])
        if kind == "value_exists":
            return E("bar", "RegValueExists", [("Key", HKLM), ("Subkey", key), ("Value", rng.choice(REG_VALUES)),
                                               ("Type", rng.choice(["REG_SZ", "REG_DWORD"]))])
        if kind == "file_exists":
            return E("bar", "FileExists", [("Csidl", "38"), ("Path", path)])
        if kind == "language":
            return E("lar", "Or", (), [E("bar", "WindowsLanguage", [("Language", lang)])
                                       for lang in rng.sample(["en", "de", "fr", "ja", "es", "it", "pt-br"], 3)])
        if kind == "edition":
            return E("lar", "Or", (), [E("bar", "RegSz", [("Key", HKLM), ("Subkey", key), ("Value", "Edition"),
                                                          ("Comparison", "EqualTo"), ("Data", edition)])
                                       for edition in rng.sample(["Standard", "Professional", "Enterprise"], 2)])
        if kind == "conflict":
            return E("lar", "Not", (), [E("bar", "RegKeyExists", [
                ("Key", HKLM), ("Subkey", "SOFTWARE\\Fabrikam\\Updates\\KB%d" % rng.randrange(8100000, 8140000))])])
        assert kind == "windows_build", kind
        return E("bar", "WindowsVersion", [("Comparison", "GreaterThanOrEqualTo"), ("MajorVersion", "10"),
                                           ("MinorVersion", "0"),
                                           ("BuildNumber", str(rng.choice([14393, 17763, 19041, 22000, 26100])))])

    def software_doc(self, kind, update_id, revision, created, product, c, title, description, kb,
                     detectoid, supersedes, severity, bundled=None, file_names=(), processor=None, version=None):
        """kind: "standalone", "bundle" or "bundle member"."""
        rng = self.rng
        style = self.style()
        top = kind != "bundle member"
        attrs = [("UpdateType", "Software"), ("DefaultPropertiesLanguage", "en")]
        if top:
            attrs += [("AutoSelectOnWebSites", "true" if c in AUTO_SELECT else "false"),
                      ("ExplicitlyDeployable", "true")]
        else:
            attrs.append(("ExplicitlyDeployable", "false"))
        files_node = None
        size = 0
        if file_names:
            files_node, size = self.files(file_names, created)
            attrs.append(("Handler", NS["cmd"]))
        attrs += [("MaxDownloadSize", str(size)), ("MinDownloadSize", "0")]
        if severity:
            attrs.append(("MsrcSeverity", severity))
        attrs += [("PublicationState", "Published"), ("CreationDate", self.date(created)),
                  ("PublisherID", self.publisher)]
        pkids = [self.behavior("InstallationBehavior")]
        if rng.random() < 0.3:
            pkids.append(self.behavior("UninstallationBehavior"))
        if top:
            pkids.append(E("upd", "SupportUrl", (), SUPPORT_URL))
        if top and c == SECURITY:
            if rng.random() < 0.3:
                self.bulletin += 1
                pkids.append(E("upd", "SecurityBulletinID", (), "FSB%02d-%03d" % (created.year % 100, self.bulletin % 1000)))
            for _ in range(rng.randint(1, 3)):
                self.cve += 1
                pkids.append(E("upd", "CveID", (), "CVE-2099-%d" % self.cve))
        if kb:
            pkids.append(E("upd", "KBArticleID", (), str(kb)))
        props = E("upd", "Properties", attrs, pkids)

        # Relationships: SupersededUpdates, Prerequisites, BundledUpdates (schema order).
        rel = []
        if supersedes:
            rel.append(E("upd", "SupersededUpdates", (), [identity(supersedes)]))
        pre = [identity(detectoid)] if detectoid else []
        clauses = [E("upd", "AtLeastOne", [("IsCategory", "true")], [identity(product["id"])]),
                   E("upd", "AtLeastOne", [("IsCategory", "true")], [identity(self.classifications[c])])]
        if rng.random() < 0.3:
            clauses.reverse()
        rel.append(E("upd", "Prerequisites", (), pre + clauses))
        if bundled:
            rel.append(E("upd", "BundledUpdates", (), bundled))
        relationships = E("upd", "Relationships", (), rel)

        # Applicability: installed at the fixed version, installable below it on a
        # supported system; more conditions until the Core fragment reaches its size.
        key = "SOFTWARE\\Fabrikam\\" + product["slug"]
        fixed = version or self.version(product)
        installed = [E("bar", "RegSzToVersion", [("Key", HKLM), ("Subkey", key), ("Value", "Version"),
                                                 ("Comparison", "GreaterThanOrEqualTo"), ("Data", fixed)])]
        if rng.random() < 0.4:
            installed.append(E("bar", "FileVersion", [("Csidl", "38"), ("Path", "Fabrikam\\%s\\%s" % (product["slug"], product["dll"])),
                                                      ("Comparison", "GreaterThanOrEqualTo"), ("Version", fixed)]))
        platform = E("bar", "Processor", [("Architecture", processor)]) if processor else \
            E("bar", "WindowsVersion", [("Comparison", "GreaterThanOrEqualTo"), ("MajorVersion", "10"), ("MinorVersion", "0")])
        installable = [platform, E("lar", "And", (), [
            E("bar", "RegSzToVersion", [("Key", HKLM), ("Subkey", key), ("Value", "Version"),
                                        ("Comparison", "GreaterThanOrEqualTo"), ("Data", "%d.0.0.0" % product["major"])]),
            E("bar", "RegSzToVersion", [("Key", HKLM), ("Subkey", key), ("Value", "Version"),
                                        ("Comparison", "LessThan"), ("Data", fixed)])])]
        own = identity(self.own_id(update_id, style), revision)
        target = rng.uniform(1050, 2700)

        def rules():
            return E("upd", "ApplicabilityRules", (), [E("upd", "IsInstalled", (), [all_of(installed)]),
                                                       E("upd", "IsInstallable", (), [all_of(installable)])])
        applicability = rules()
        size_core = core_len(own, props, relationships, applicability)
        seen = set()
        while size_core < target:
            if rng.random() < 0.25:
                installed.append(self.filler(product, "installed", seen))
            else:
                installable.append(self.filler(product, "installable", seen))
            applicability = rules()
            size_core = core_len(own, props, relationships, applicability)
        self.core_sizes.append(size_core)

        kids = [own, props, localized(title, description,
                                      "https://fabrikam.example/kb/%d" % kb if kb else None,
                                      SUPPORT_URL if top else None),
                relationships, applicability]
        used = ["bar", "lar"]
        if files_node is not None:
            kids.append(files_node)
            kids.append(self.handler_data(file_names[0], style))
            used.append("cmd")
        self.add(kind, update_id, revision, render_document(kids, used, style))

    def software(self, n_software):
        rng = self.rng
        tops = self.plan_software(n_software)
        rev = lambda: self.revision([200, 201, 202, 203, 100], [65, 20, 8, 3, 4])
        for top in tops:
            product = self.products[top["product"]]
            c = top["class"]
            kb = self.kb + top["index"]
            version = self.version(product)
            title, description = self.text(c, product, kb, version)
            detectoid = None
            if self.gate_by_product and product["detectoid"]:
                detectoid = product["detectoid"]  # as Microsoft gates products by detectoids
            elif self.detectoid_ids and rng.random() < 0.5:
                detectoid = product["detectoid"] if product["detectoid"] and rng.random() < 0.7 else \
                    rng.choice(self.detectoid_ids)
            supersedes = tops[top["supersedes"]]["id"] if top["supersedes"] is not None else None
            severity = rng.choices(SEVERITIES, SEVERITY_WEIGHTS)[0] if c == SECURITY else None
            slug = "fabrikam-%s-kb%d" % (product["slug"].replace("\\", "-").lower(), kb)
            arch = rng.choice(["x64", "x64", "x86", "arm64"])
            if not top["bundle"]:
                names = [slug + "-" + arch + ".exe"]
                if rng.random() < 0.3:
                    names.append(slug + "-" + arch + "-data.cab")
                self.software_doc("standalone", top["id"], rev(), top["created"], product, c, title, description,
                                  kb, detectoid, supersedes, severity, file_names=names,
                                  processor={"x64": "9", "x86": "0", "arm64": "12"}[arch] if rng.random() < 0.4 else None,
                                  version=version)
                continue
            # A bundle of two members: either both required (core + resources) or
            # one of two alternatives (x64 or x86 core).
            alternatives = rng.random() < 0.3
            if alternatives:
                members = [("core components %s (x64)" % version, [slug + "-core-x64.exe"], "9"),
                           ("core components %s (x86)" % version, [slug + "-core-x86.exe"], "0")]
            else:
                members = [("core components %s" % version, [slug + "-core-" + arch + ".exe"], None),
                           ("language resources %s" % version,
                            [slug + "-resources.exe", slug + "-resources-data.cab"], None)]
            member_docs = []
            for offset, (what, names, processor) in enumerate(members):
                member_docs.append((self.guid(), rev(), what, names, processor,
                                    top["created"] - datetime.timedelta(minutes=2 - offset, milliseconds=rng.randrange(1000))))
            refs = [identity(mid, mrev) for mid, mrev, _, _, _, _ in member_docs]
            bundled = [E("upd", "AtLeastOne", (), refs)] if alternatives else refs
            self.software_doc("bundle", top["id"], rev(), top["created"], product, c, title, description,
                              kb, detectoid, supersedes, severity, bundled=bundled, version=version)
            for mid, mrev, what, names, processor, created in member_docs:
                mtitle = "%s %s" % (product["name"], what)
                self.software_doc("bundle member", mid, mrev, created, product, c, mtitle,
                                  "Part of %s. Installed through that update." % title, None, detectoid, None, severity,
                                  file_names=names, processor=processor, version=version)

    def drivers(self):
        """R driver updates, about three for each device id of the pool, each newer than the
        last, under a product of their own family and the Drivers classification."""
        rng = self.device_rng
        drivers_class = next(i for i, c in enumerate(CLASSIFICATIONS) if c[0] == "Drivers")
        for k in range(self.n_drivers):
            device = self.device_ids[k % len(self.device_ids)]
            generation = k // len(self.device_ids)
            product = self.products[k % len(self.products)]
            created = datetime.datetime(2023, 1, 10) + datetime.timedelta(days=200 * generation + rng.randrange(150))
            update_id = self.guid_from(rng)
            version = "%d.%d.%d.%d" % (10 + generation, rng.randrange(10), rng.randrange(1000), rng.randrange(10000))
            files_node, size = self.files(["fabrikam-driver-%d.cab" % k], created)
            props = E("upd", "Properties", [
                ("UpdateType", "Driver"), ("DefaultPropertiesLanguage", "en"), ("ExplicitlyDeployable", "true"),
                ("Handler", NS["drv"]), ("MaxDownloadSize", str(size)), ("MinDownloadSize", "0"),
                ("PublicationState", "Published"), ("CreationDate", self.date(created)),
                ("PublisherID", self.publisher)], [E("upd", "InstallationBehavior", [("RebootBehavior", "CanRequestReboot")])])
            relationships = E("upd", "Relationships", (), [E("upd", "Prerequisites", (), [
                E("upd", "AtLeastOne", [("IsCategory", "true")], [identity(product["id"])]),
                E("upd", "AtLeastOne", [("IsCategory", "true")], [identity(self.classifications[drivers_class])])])])
            metadata = E("drv", "WindowsDriverMetaData", [
                ("HardwareID", device), ("WhqlDriverID", str(3000000 + k)), ("Manufacturer", COMPANY),
                ("Company", COMPANY), ("Provider", COMPANY), ("DriverVerDate", created.strftime("%Y-%m-%d")),
                ("DriverVerVersion", version), ("Class", rng.choice(["Net", "Display", "MEDIA", "System"])),
                ("Model", "%s Device %04X" % (COMPANY, k))])
            rules = E("upd", "ApplicabilityRules", (), [E("upd", "Metadata", (), [metadata])])
            title = "%s - %s - Device %04X (driver %s)" % (COMPANY, product["name"], k, version)
            kids = [identity(update_id, 200), props, localized(title, "A driver for %s devices." % COMPANY),
                    relationships, rules, files_node]
            self.add("driver", update_id, 200, render_document(kids, ["drv"], "plain"))

    def guid_from(self, rng):
        while True:
            g = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            if g not in self.ids:
                self.ids.add(g)
                return g

    def run(self):
        self.publisher = self.guid()
        self.categories()
        self.detectoids()
        n_software = self.total - len(self.docs) - self.n_drivers
        self.software(n_software)
        self.drivers()
        return self.docs


INBOX_DEVICES = ["ROOT\\RDPBUS", "STORAGE\\Volume", "ACPI\\PNP0A08", "ACPI\\PNP0C0A", "ROOT\\BasicDisplay",
                 "SWD\\PRINTENUM\\PrintQueues", "ROOT\\vdrvroot", "HID_DEVICE_SYSTEM_KEYBOARD", "USB\\ROOT_HUB30",
                 "ACPI\\PNP0103", "ROOT\\UMBUS", "ACPI\\ACPI0003", "SCSI\\DiskNVMe", "HDAUDIO\\FUNC_01"]


def profile_devices(gen, rng):
    """About 70 devices, as the driver pass of a real PC lists them: most with an inbox
    driver of 2006-06-21 that no catalog driver matches, a few from the catalog's device
    pool running a driver older than the catalog's (so some drivers are offered)."""
    devices = []
    for n in range(rng.randint(62, 75)):
        base = INBOX_DEVICES[n % len(INBOX_DEVICES)]
        hwid = base if n < len(INBOX_DEVICES) else "%s\\%04X" % (base, n)
        devices.append({"hardware_ids": [hwid], "compatible_ids": [base] if hwid != base else [],
                        "driver": {"matching_id": hwid, "date": "2006-06-21",
                                   "version": "10.0.%d.%d" % (rng.choice([19041, 22621, 26100]), rng.randrange(5000)),
                                   "class": "System", "manufacturer": "Microsoft", "provider": "Microsoft"}})
    for hwid in rng.sample(gen.device_ids, min(len(gen.device_ids), 6)):
        subsys = "%s&SUBSYS_%08X" % (hwid, rng.getrandbits(32))
        devices.append({"hardware_ids": [subsys, hwid], "compatible_ids": ["PCI\\CC_0200"],
                        "driver": {"matching_id": hwid, "date": "2022-06-01", "version": "9.0.0.0",
                                   "class": "Net", "manufacturer": COMPANY, "provider": COMPANY}})
    return devices


def write_profiles(gen, out_dir, count):
    """Machine profiles (docs/agent.md) of PCs that have two of the catalog's products each, at a
    version in the middle of its updates' range (some installed, some needed), with a spread of
    architectures and languages. Drawn from their own random stream: the catalog does not change."""
    rng = random.Random(7919)
    device_rng = random.Random(7920)  # apart, so that the rest of each profile stays as it was
    os.makedirs(out_dir, exist_ok=True)
    languages = ["en-US", "en-US", "de-DE", "fr-FR", "ja-JP"]
    for k in range(count):
        registry, files = {}, {}
        for p in (gen.products[k % len(gen.products)], gen.products[(k + 7) % len(gen.products)]):
            version = "%d.0.%d.%d" % (p["major"], rng.randrange(1000, p["build"] + 1), rng.randrange(10000))
            registry["HKEY_LOCAL_MACHINE\\SOFTWARE\\Fabrikam\\" + p["slug"]] = {"Version": version,
                                                                                "Edition": "Professional"}
            files["csidl:38\\Fabrikam\\%s\\%s" % (p["slug"], p["dll"])] = version
        profile = {"os": {"major": 10, "minor": 0, "build": rng.choice([19045, 22631, 26100, 26200]),
                          "language": languages[k % len(languages)]},
                   "architecture": [9, 9, 9, 0, 12][k % 5], "registry": registry, "files": files,
                   "devices": profile_devices(gen, device_rng)}
        with open(os.path.join(out_dir, "profile-%02d.json" % k), "w") as f:
            json.dump(profile, f, indent=1, sort_keys=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", metavar="OUT_DIR", help="folder for the documents (created if missing)")
    parser.add_argument("--updates", type=int, default=20000, metavar="N",
                        help="total number of update documents: categories + detectoids + software (default 20000)")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    parser.add_argument("--products", type=int, default=40, metavar="P", help="product categories (default 40)")
    parser.add_argument("--detectoids", type=int, default=300, metavar="D", help="detectoids (default 300)")
    parser.add_argument("--drivers", type=int, default=0, metavar="R",
                        help="driver updates among the N, for the driver pass (default 0)")
    parser.add_argument("--gate-by-product", action="store_true",
                        help="every software update needs its product's detectoid, so a computer is sent only "
                             "the updates of the products it has (for fleets that evaluate the rules)")
    parser.add_argument("--profiles", metavar="DIR",
                        help="also write machine profiles for `openwsus agent` / fleet_load into DIR")
    parser.add_argument("--profile-count", type=int, default=8, metavar="K", help="profiles to write (default 8)")
    args = parser.parse_args()
    n_categories = 1 + len(FAMILIES) + args.products + len(CLASSIFICATIONS)
    if args.products < 1 or args.detectoids < 0 or args.drivers < 0:
        parser.error("--products must be at least 1, --detectoids and --drivers at least 0")
    if args.updates < n_categories + args.detectoids + args.drivers + 1:
        parser.error("--updates must be at least %d (categories + detectoids + drivers + 1 software update)"
                     % (n_categories + args.detectoids + args.drivers + 1))

    started = time.monotonic()
    gen = Generator(args.seed, args.products, args.detectoids, args.updates, args.gate_by_product, args.drivers)
    docs = gen.run()
    if args.profiles:
        write_profiles(gen, args.profiles, args.profile_count)
    assert len(docs) == args.updates, (len(docs), args.updates)

    os.makedirs(args.out_dir, exist_ok=True)
    names = {name for name, _ in docs}
    stale = sorted(f for f in os.listdir(args.out_dir) if f.endswith(".xml") and f not in names)
    if stale:
        sys.exit("%s already holds %d other .xml files (e.g. %s) that an import would read too: "
                 "use an empty or new folder" % (args.out_dir, len(stale), stale[0]))
    total_bytes = 0
    for name, text in docs:
        data = text.encode("utf-8")
        total_bytes += len(data)
        with open(os.path.join(args.out_dir, name), "wb") as f:
            f.write(data)

    c = gen.counts
    cores = sorted(gen.core_sizes)
    print("%d documents, %d bytes, in %s (%.1f s): 1 company, %d product families, %d products, "
          "%d classifications, %d detectoids, %d software (%d standalone, %d bundles, %d bundle members; "
          "%d supersede an earlier update); software Core fragments %d to %d bytes, median %d%s"
          % (len(docs), total_bytes, args.out_dir, time.monotonic() - started,
             c.get("product family", 0), c.get("product", 0), c.get("classification", 0),
             c.get("detectoid", 0), c.get("standalone", 0) + c.get("bundle", 0) + c.get("bundle member", 0),
             c.get("standalone", 0), c.get("bundle", 0), c.get("bundle member", 0), gen.superseding,
             cores[0], cores[-1], cores[len(cores) // 2],
             "; %d drivers" % c.get("driver", 0) if c.get("driver", 0) else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
