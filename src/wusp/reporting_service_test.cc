// ReportEventBatch and the client writer: events kept once, the status they
// imply stored and handed to the listener (the admin API's matrix), and
// malformed batches refused whole.
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_db.h"
#include "wusp/wusp_test_fixture.h"

namespace openwsus::wusp {
namespace {

using policy::InstallationState;

constexpr char kU1[] = "3A474CB0-CC8B-4AB4-A9FA-92C1477B61C7";
constexpr char kU2[] = "3FF4FFD6-0358-4592-BB16-14B3D38A2CB0";
constexpr char kV1[] = "115EDD08-4327-49DC-8942-B152AC9F5AEB";

std::string Event(const std::string& instance, int event_id, const std::string& update, const std::string& misc) {
  return "<ReportingEvent><BasicData><TargetID><Sid>00000000-1111-2222-3333-444444444444</Sid></TargetID>"
         "<SequenceNumber>0</SequenceNumber><TimeAtTarget>2026-10-04T15:20:47.397Z</TimeAtTarget>"
         "<EventInstanceID>" +
         instance + "</EventInstanceID><NamespaceID>1</NamespaceID><EventID>" + std::to_string(event_id) +
         "</EventID><SourceID>101</SourceID><UpdateID><UpdateID>" + update +
         "</UpdateID><RevisionNumber>200</RevisionNumber></UpdateID><Win32HResult>-2145099769</Win32HResult>"
         "<AppName>AutomaticUpdates</AppName></BasicData><ExtendedData><ReplacementStrings><string>Title</string>"
         "</ReplacementStrings><MiscData>" +
         misc +
         "</MiscData><ProcessorArchitecture>Amd64Compatible"
         "</ProcessorArchitecture></ExtendedData><PrivateData/></ReportingEvent>";
}

class ReportOperationsTest : public WuspTestFixture {
 protected:
  void SetUp() override {
    WuspTestFixture::SetUp();
    writer_->SetListener([this](const std::vector<StatusChange>& changes, const std::vector<Guid>& computers) {
      std::lock_guard<std::mutex> lock(heard_mu_);
      heard_.insert(heard_.end(), changes.begin(), changes.end());
      new_computers_.insert(new_computers_.end(), computers.begin(), computers.end());
    });
    cookie_ = ClientCookie();
    Call(kClientNs, "RegisterComputer", RegisterParams(cookie_));
  }

  std::string Report(const std::string& events) {
    return Call(xml::kReportingWebServiceNs, "ReportEventBatch", BatchParams(events));
  }
  std::string BatchParams(const std::string& events) const {
    return "<cookie><Expiration>2026-10-04T16:03:35Z</Expiration><EncryptedData>" + cookie_ +
           "</EncryptedData></cookie><clientTime>2026-10-04T15:20:47.397Z</clientTime><eventBatch>" + events +
           "</eventBatch>";
  }

  std::map<std::string, int> Stored() {
    std::map<std::string, int> states;
    EXPECT_TRUE(
        store_->ForEachStatus([&](const store::StatusRecord& r) { states[r.update_id.ToString()] = r.state; }).ok());
    return states;
  }

  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  std::string cookie_;
  std::mutex heard_mu_;
  std::vector<StatusChange> heard_;
  std::vector<Guid> new_computers_;
};

TEST_F(ReportOperationsTest, AStatusListIsTheComputersWholeStatus) {
  std::string instance = Guid::Random().ToString();
  std::string body = Report(Event(instance, 156, "00000000-0000-0000-0000-000000000000",
                                  "<string>G=1507.2601.30012.0</string><string>U=" + std::string(kU1) + ";" + kU2 +
                                      "</string><string>V=" + kV1 + "</string><string>AppName=x</string>"));
  EXPECT_EQ(ElementText(body, "ReportEventBatchResult"), "true");
  EXPECT_EQ(body.rfind("<?xml", 0), 0u) << "the .asmx style of the real Reporting service";
  EXPECT_EQ(Stored(), (std::map<std::string, int>{{Lower(kU1), 2}, {Lower(kU2), 2}, {Lower(kV1), 4}}));
  {
    std::lock_guard<std::mutex> lock(heard_mu_);
    ASSERT_EQ(heard_.size(), 1u);
    EXPECT_TRUE(heard_[0].snapshot);
    EXPECT_EQ(heard_[0].computer_id.ToString(), kCapturedClientId) << "the cookie's computer, not the TargetID";
    EXPECT_EQ(new_computers_.size(), 1u) << "the registration";
  }
  auto events = store_->ListEvents(*Guid::Parse(kCapturedClientId), 0);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ(events->front().misc_data, (std::vector<std::string>{"G=1507.2601.30012.0", "AppName=x"}))
      << "the lists are kept as the status they mean";
  auto computer = *store_->FindComputer(*Guid::Parse(kCapturedClientId));
  EXPECT_TRUE(computer->last_report.has_value());

  // Delivered again: accepted, nothing new, and the status not applied twice.
  Report(Event(instance, 156, "00000000-0000-0000-0000-000000000000", "<string>U=" + std::string(kV1) + "</string>"));
  EXPECT_EQ(store_->ListEvents(*Guid::Parse(kCapturedClientId), 0)->size(), 1u);
  EXPECT_EQ(Stored()[Lower(kV1)], 4);

  // A later list without U2: its row goes (not applicable).
  Report(Event(Guid::Random().ToString(), 156, "00000000-0000-0000-0000-000000000000",
               "<string>U=" + std::string(kU1) + "</string><string>V=" + kV1 + "</string>"));
  EXPECT_EQ(Stored(), (std::map<std::string, int>{{Lower(kU1), 2}, {Lower(kV1), 4}}));
}

TEST_F(ReportOperationsTest, InstallAndDownloadEventsSetOneUpdate) {
  Report(Event(Guid::Random().ToString(), 183, kU1, "") + Event(Guid::Random().ToString(), 182, kU2, ""));
  EXPECT_EQ(Stored(), (std::map<std::string, int>{{Lower(kU1), 4}, {Lower(kU2), 5}}));
  // A download reported after the install changes nothing; on a failed one it counts.
  Report(Event(Guid::Random().ToString(), 162, kU1, "<string>B=1024</string>") +
         Event(Guid::Random().ToString(), 162, kU2, ""));
  EXPECT_EQ(Stored(), (std::map<std::string, int>{{Lower(kU1), 4}, {Lower(kU2), 3}}));
  Report(Event(Guid::Random().ToString(), 201, kU2, ""));
  EXPECT_EQ(Stored()[Lower(kU2)], 6) << "installed, pending reboot";
  // 147 (detection finished) is kept and changes nothing.
  Report(Event(Guid::Random().ToString(), 147, "00000000-0000-0000-0000-000000000000", "<string>B=3</string>"));
  EXPECT_EQ(Stored().size(), 2u);
  EXPECT_EQ(store_->ListEvents(*Guid::Parse(kCapturedClientId), 0)->size(), 6u);
}

TEST_F(ReportOperationsTest, AMalformedBatchIsRefusedWhole) {
  std::string good = Event(Guid::Random().ToString(), 183, kU1, "");
  std::string no_instance = Event("", 183, kU1, "");
  Fault f =
      ExpectFault(Post(std::string(xml::kReportingServicePath), Action(xml::kReportingWebServiceNs, "ReportEventBatch"),
                       Envelope(xml::kReportingWebServiceNs, "ReportEventBatch", BatchParams(good + no_instance))));
  EXPECT_EQ(f.error_code, "InvalidParameters");
  EXPECT_EQ(f.message, "eventBatch");
  EXPECT_TRUE(store_->ListEvents(*Guid::Parse(kCapturedClientId), 0)->empty());
  EXPECT_TRUE(Stored().empty());
  // Over the per-batch limit.
  std::string many;
  for (int i = 0; i < 5001; ++i) many += Event(Guid::Random().ToString(), 147, kU1, "");
  f = CallFault(xml::kReportingWebServiceNs, "ReportEventBatch", BatchParams(many));
  EXPECT_EQ(f.error_code, "InvalidParameters");
  // No batch at all; a foreign cookie.
  f = CallFault(xml::kReportingWebServiceNs, "ReportEventBatch",
                "<cookie><EncryptedData>" + cookie_ + "</EncryptedData></cookie>");
  EXPECT_EQ(f.message, "parameters.eventBatch");
  f = CallFault(xml::kReportingWebServiceNs, "ReportEventBatch",
                "<cookie><EncryptedData>Zm9yZ2Vk</EncryptedData></cookie><eventBatch/>");
  EXPECT_EQ(f.error_code, "InvalidCookie");
  EXPECT_TRUE(store_->ListEvents(*Guid::Parse(kCapturedClientId), 0)->empty());
  ExpectStillAnswering();
}

TEST_F(ReportOperationsTest, SyncTimesAreWrittenInTheBackground) {
  Guid a = Guid::Random();
  DateTime t1 = *DateTime::Parse("2026-11-01T10:00:00Z");
  DateTime t2 = *DateTime::Parse("2026-11-01T11:00:00Z");
  store::ComputerRecord record;
  record.id = a;
  record.name = "a";
  ASSERT_TRUE(store_->UpsertComputer(record).ok());
  writer_->RecordSync(a, t2);
  writer_->RecordSync(a, t1);  // older: the later one stays
  ASSERT_TRUE(writer_->Flush().ok());
  EXPECT_EQ((*store_->FindComputer(a))->last_sync, t2);
}

// A store that cannot take the write in time: the client hears ServerBusy
// (retry later), never a false acknowledgement; sent again, it is kept once.
class BusyStoreTest : public ReportOperationsTest {
 protected:
  WuspOptions Options() override {
    WuspOptions options;
    options.write_timeout = std::chrono::seconds(1);
    return options;
  }
};

TEST_F(BusyStoreTest, AWriteThatCannotBeCommittedIsServerBusy) {
  auto blocker = store::SqliteDb::Open(dir_.path() + "/openwsus.db");
  ASSERT_TRUE(blocker.ok());
  ASSERT_TRUE((*blocker)->Exec("BEGIN IMMEDIATE").ok());  // another writer holds the database
  std::string instance = Guid::Random().ToString();
  Fault f = CallFault(xml::kReportingWebServiceNs, "ReportEventBatch", BatchParams(Event(instance, 183, kU1, "")));
  EXPECT_EQ(f.error_code, "ServerBusy");
  ASSERT_TRUE((*blocker)->Exec("ROLLBACK").ok());
  ASSERT_TRUE(writer_->Flush().ok());
  // The client sends the batch again: accepted, and the event kept once.
  Report(Event(instance, 183, kU1, ""));
  EXPECT_EQ(store_->ListEvents(*Guid::Parse(kCapturedClientId), 0)->size(), 1u);
  ExpectStillAnswering();
}

}  // namespace
}  // namespace openwsus::wusp
