package org.camelaliyun.iot.examples;

import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceBatchReaderTest {

    @TempDir
    Path dir;

    @Test
    void groupsInterleavedRowsPerProductIntoBatchesOfAtMost100() {
        List<DeviceBatch> batches = all(DeviceBatchReader.ofClasspath(FleetSettings.BUNDLED_DEVICES, null, 0));

        assertThat(batches).hasSize(25).allSatisfy(b -> assertThat(b.getDeviceNames()).hasSizeBetween(1, 100));
        assertThat(batches).allSatisfy(b -> assertThat(b.getDeviceNames())
                .allMatch(n -> n.startsWith(b.getProductKey().equals("a1LampDemo1") ? "lamp-" : "meter-")));
        assertThat(batches.stream().mapToInt(b -> b.getDeviceNames().size()).sum()).isEqualTo(2_500);
    }

    @Test
    void limitCutsTheListAndPartialBatchesComeLast() {
        List<DeviceBatch> batches = all(DeviceBatchReader.ofClasspath(FleetSettings.BUNDLED_DEVICES, null, 300));

        assertThat(batches).extracting(b -> b.getProductKey() + ":" + b.getDeviceNames().size())
                .containsExactly("a1LampDemo1:100", "a1MeterDemo:100", "a1LampDemo1:80", "a1MeterDemo:20");
    }

    @Test
    void streamsLazilyAFullBatchIsHandedOverBeforeTheRestIsRead() throws Exception {
        Path file = dir.resolve("lazy.csv");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add("pk,d" + i);
        }
        lines.add("a-row-without-a-product-key"); // would fail an eager reader before the first batch
        Files.write(file, lines, StandardCharsets.UTF_8);

        Iterator<DeviceBatch> batches = DeviceBatchReader.ofFile(file, null, 0).batches();

        assertThat(batches.next().getDeviceNames()).hasSize(100);
        assertThatThrownBy(batches::hasNext).hasMessageContaining("Line 101").hasMessageContaining("no product key");
        ((Closeable) batches).close();
    }

    private static List<DeviceBatch> all(DeviceBatchReader reader) {
        List<DeviceBatch> out = new ArrayList<>();
        reader.batches().forEachRemaining(out::add);
        return out;
    }
}
