#include "agent/device_drivers.h"

#include <gtest/gtest.h>

namespace openwsus::agent {
namespace {

using catalog::DriverMetadata;

constexpr char kNic[] = "pci\\ven_c0de&dev_0001";

MachineProfile Profile(const std::string& devices_json) {
  auto p = MachineProfile::FromJson(R"({"devices": )" + devices_json + "}");
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return p.ok() ? *p : MachineProfile();
}

RevisionInfo Driver(std::string date, std::string version, std::string id = kNic, std::string cls = "Net") {
  RevisionInfo r;
  r.type = catalog::UpdateType::kDriver;
  r.drivers.push_back({std::move(id), std::move(date), std::move(version), std::move(cls), "Contoso", "Contoso", ""});
  return r;
}

// A NIC that lists its specific id first, running a 2025 driver matched on the generic id.
const char kOldNic[] = R"([{"hardware_ids": ["PCI\\VEN_C0DE&DEV_0001&SUBSYS_1", "PCI\\VEN_C0DE&DEV_0001"],
    "compatible_ids": ["PCI\\CC_0200"],
    "driver": {"matching_id": "PCI\\VEN_C0DE&DEV_0001", "date": "2025-01-10", "version": "1.0.0.0",
               "class": "Net", "manufacturer": "Contoso", "provider": "Contoso"}}])";

TEST(DeviceDriversTest, SystemSpecDescribesEachDeviceAsTheNativeAgentDoes) {
  MachineProfile profile = Profile(std::string(kOldNic).insert(1, R"({"hardware_ids": ["USB\\VID_0001"]}, )"));
  ComputerState state;
  std::string spec = DeviceDrivers(profile, state).SystemSpecXml();
  EXPECT_EQ(spec,
            "<SystemSpec><Device><HardwareIDs><string>USB\\VID_0001</string></HardwareIDs></Device>"
            "<Device><HardwareIDs><string>PCI\\VEN_C0DE&amp;DEV_0001&amp;SUBSYS_1</string>"
            "<string>PCI\\VEN_C0DE&amp;DEV_0001</string></HardwareIDs>"
            "<CompatibleIDs><string>PCI\\CC_0200</string></CompatibleIDs>"
            "<installedDriver><MatchingID>pci\\ven_c0de&amp;dev_0001</MatchingID>"
            "<DriverVerDate>2025-01-10T00:00:00Z</DriverVerDate>"
            "<DriverVerVersion>281474976710656</DriverVerVersion><Class>Net</Class>"
            "<Manufacturer>Contoso</Manufacturer><Provider>Contoso</Provider></installedDriver></Device></SystemSpec>");
  EXPECT_EQ(DeviceDrivers(MachineProfile(), state).SystemSpecXml(), "<SystemSpec/>");
}

TEST(DeviceDriversTest, FitFollowsTheRankingRules) {
  MachineProfile profile = Profile(kOldNic);
  ComputerState state;
  DeviceDrivers devices(profile, state);
  EXPECT_EQ(devices.FitOf(Driver("2026-03-04", "2.1.0.7")), DriverFit::kBetter) << "a later date";
  EXPECT_EQ(devices.FitOf(Driver("2025-01-10", "1.0.0.1")), DriverFit::kBetter) << "same date, higher version";
  EXPECT_EQ(devices.FitOf(Driver("2025-01-10", "1.0.0.0")), DriverFit::kInstalled) << "the driver it runs";
  EXPECT_EQ(devices.FitOf(Driver("2024-06-01", "3.0.0.0")), DriverFit::kNone) << "an older date";
  EXPECT_EQ(devices.FitOf(Driver("2020-01-01", "1.0.0.0", "pci\\ven_c0de&dev_0001&subsys_1")), DriverFit::kBetter)
      << "a more specific id wins over any date";
  EXPECT_EQ(devices.FitOf(Driver("2027-01-01", "9.0.0.0", "pci\\cc_0200")), DriverFit::kNone)
      << "a compatible id ranks below the installed driver's hardware id";
  EXPECT_EQ(devices.FitOf(Driver("2027-01-01", "9.0.0.0", "usb\\vid_0002")), DriverFit::kNone) << "no such device";

  MachineProfile bare = Profile(R"([{"hardware_ids": ["PCI\\VEN_C0DE&DEV_0001"]}])");
  EXPECT_EQ(DeviceDrivers(bare, state).FitOf(Driver("2020-01-01", "1.0.0.0")), DriverFit::kBetter)
      << "a device without a driver takes any that matches";
}

TEST(DeviceDriversTest, PrinterTakesOnlyItsOwnProvidersDrivers) {
  MachineProfile profile = Profile(R"([{"hardware_ids": ["PRN\\X"],
      "driver": {"matching_id": "PRN\\X", "date": "2020-01-01", "version": "1.0.0.0", "class": "Printer",
                 "manufacturer": "Fabrikam", "provider": "Fabrikam"}}])");
  ComputerState state;
  EXPECT_EQ(DeviceDrivers(profile, state).FitOf(Driver("2026-01-01", "2.0.0.0", "prn\\x", "Printer")), DriverFit::kNone)
      << "Contoso's driver for Fabrikam's printer";
}

TEST(DeviceDriversTest, InstallPutsTheDriverOnTheDeviceItBeats) {
  MachineProfile profile = Profile(kOldNic);
  ComputerState state;
  RevisionInfo update = Driver("2026-03-04", "2.1.0.7");
  DeviceDrivers::Install(profile, update, &state);
  ASSERT_EQ(state.drivers.size(), 1u);
  EXPECT_EQ(state.drivers.begin()->first, "pci\\ven_c0de&dev_0001&subsys_1");
  EXPECT_EQ(state.drivers.begin()->second.date, "2026-03-04");
  DeviceDrivers devices(profile, state);
  EXPECT_EQ(devices.FitOf(update), DriverFit::kInstalled);
  EXPECT_EQ(devices.FitOf(Driver("2025-06-01", "1.5.0.0")), DriverFit::kNone) << "overtaken by the install";
  EXPECT_NE(devices.SystemSpecXml().find("<DriverVerDate>2026-03-04T00:00:00Z</DriverVerDate>"), std::string::npos);

  DeviceDrivers::Install(profile, Driver("2024-01-01", "1.0.0.0"), &state);
  EXPECT_EQ(state.drivers.begin()->second.date, "2026-03-04") << "an older driver changes nothing";
}

}  // namespace
}  // namespace openwsus::agent
