package org.camelaliyun.iot.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code Benchmarks P1|P2|P3|P4|P4R|P5|P6|P7|all}: prints figures, asserts nothing. See README.md for the commands and results.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 && !args[0].isBlank() ? args[0].toUpperCase(Locale.ROOT) : "ALL";
        System.out.printf("camel-aliyun-iot benchmarks: %s | Java %s | %d cores | max heap %d MB%n", which,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
        System.out.println("JVM args: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        switch (which) {
            case "P1" -> QuotaEfficiencyBenchmark.main(new String[0]);
            case "P2", "P3" -> ClientOverheadBenchmark.main(new String[0]);
            case "P4" -> StreamingMemoryBenchmark.main(new String[0]);
            case "P4R" -> AwaitingMemoryBenchmark.main(java.util.Arrays.stream(args).skip(1).filter(a -> !a.isBlank())
                    .toArray(String[]::new));
            case "P5" -> SharedQuotaBenchmark.main(new String[0]);
            case "P7" -> JournalBenchmark.main(new String[0]);
            case "P7A" -> JournalBenchmark.main(new String[] { "overhead" });
            case "P6" -> ReplyOutcomesBenchmark.main(new String[0]);
            case "ALL" -> {
                QuotaEfficiencyBenchmark.main(new String[0]);
                ClientOverheadBenchmark.main(new String[0]);
                StreamingMemoryBenchmark.main(new String[0]);
                JournalBenchmark.main(new String[0]);
                ReplyOutcomesBenchmark.main(new String[0]);
            }
            default -> throw new IllegalArgumentException("Unknown benchmark " + which + ": use P1, P2, P3, P4, P4R, P5, P6, P7 or all");
        }
    }

    /** A CSV of {@code productKey,deviceName} rows, products alternating row by row. */
    static Path deviceFile(String name, int devices, String... productKeys) {
        try {
            Path file = Files.createTempFile(name, ".csv");
            file.toFile().deleteOnExit();
            try (var out = Files.newBufferedWriter(file)) {
                out.write("productKey,deviceName\n");
                for (int i = 0; i < devices; i++) {
                    out.write(productKeys[i % productKeys.length]);
                    out.write(",device-");
                    out.write(Integer.toString(i));
                    out.write('\n');
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
