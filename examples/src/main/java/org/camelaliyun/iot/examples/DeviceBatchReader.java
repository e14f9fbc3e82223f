package org.camelaliyun.iot.examples;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Streams a device list into batches of at most {@value #BATCH_SIZE} devices of one product each: the expression
 * the fleet route splits with {@code streaming()}.
 * <p>
 * Why this design: one pass over the file, one open batch per product. A row joins its product's open batch; a full
 * batch is handed to the splitter at once; at the end of the file the partial batches follow. So batches never mix
 * products, and memory holds at most (products × 100) names whatever the file's size — 1,000,000 rows cost no more
 * than 2,500. (Grouping with {@code split(...).group(100)} would mix products; splitting per product first would
 * read the file once per product.)
 * <p>
 * Rows are {@code productKey,deviceName}, or just {@code deviceName} when a default product key is given. A first
 * line naming the columns, blank lines and lines starting with {@code #} are skipped. {@code limit} caps the rows
 * used (0 = all).
 */
public class DeviceBatchReader {

    public static final int BATCH_SIZE = 100;

    private final Path file;
    private final String resource;
    private final String defaultProductKey;
    private final long limit;

    private DeviceBatchReader(Path file, String resource, String defaultProductKey, long limit) {
        this.file = file;
        this.resource = resource;
        this.defaultProductKey = defaultProductKey;
        this.limit = limit;
    }

    public static DeviceBatchReader ofFile(Path file, String defaultProductKey, long limit) {
        return new DeviceBatchReader(file, null, defaultProductKey, limit);
    }

    public static DeviceBatchReader ofClasspath(String resource, String defaultProductKey, long limit) {
        return new DeviceBatchReader(null, resource, defaultProductKey, limit);
    }

    /** Where the list comes from, for the console. */
    public String source() {
        return file != null ? file.toString() : "classpath:" + resource;
    }

    /** The split expression: a lazy, closeable iterator (Camel's splitter closes it when the split ends). */
    public Iterator<DeviceBatch> batches() {
        return new BatchIterator(open());
    }

    /** Reads every row once without keeping any: the total for progress and ETA, and for the simulator's registry. */
    public void forEachRow(RowConsumer consumer) {
        try (RowReader rows = new RowReader(open())) {
            for (String[] row = rows.next(); row != null; row = rows.next()) {
                consumer.accept(row[0], row[1]);
            }
        }
    }

    @FunctionalInterface
    public interface RowConsumer {
        void accept(String productKey, String deviceName);
    }

    private BufferedReader open() {
        try {
            InputStream in = file != null ? Files.newInputStream(file)
                    : DeviceBatchReader.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IllegalArgumentException("No device list on the classpath at " + resource);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the device list " + source(), e);
        }
    }

    /** Parses rows one at a time; returns null at the end of the file or the limit. */
    private final class RowReader implements Closeable {
        private final BufferedReader reader;
        private long lineNumber;
        private long rows;

        RowReader(BufferedReader reader) {
            this.reader = reader;
        }

        String[] next() {
            try {
                String line;
                while ((limit <= 0 || rows < limit) && (line = reader.readLine()) != null) {
                    lineNumber++;
                    String[] row = parse(line.strip());
                    if (row != null) {
                        rows++;
                        return row;
                    }
                }
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read line " + (lineNumber + 1) + " of " + source(), e);
            }
        }

        private String[] parse(String line) {
            if (line.isEmpty() || line.startsWith("#")
                || lineNumber == 1 && line.toLowerCase().replace(" ", "").startsWith("productkey,")) {
                return null;
            }
            int comma = line.indexOf(',');
            if (comma >= 0) {
                return new String[] { line.substring(0, comma).strip(), line.substring(comma + 1).strip() };
            }
            if (defaultProductKey == null || defaultProductKey.isBlank()) {
                throw new IllegalArgumentException("Line " + lineNumber + " of " + source() + " has no product key: "
                                                   + "write productKey,deviceName or set a default product key");
            }
            return new String[] { defaultProductKey, line };
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException e) {
                // nothing left to read; closing a file we only read cannot lose data
            }
        }
    }

    private final class BatchIterator implements Iterator<DeviceBatch>, Closeable {
        private final RowReader rows;
        private final Map<String, List<String>> openBatches = new LinkedHashMap<>();
        private final Deque<DeviceBatch> ready = new ArrayDeque<>();
        private boolean endOfFile;

        BatchIterator(BufferedReader reader) {
            this.rows = new RowReader(reader);
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && !endOfFile) {
                String[] row = rows.next();
                if (row == null) {
                    endOfFile = true;
                    openBatches.forEach((productKey, names) -> ready.add(new DeviceBatch(productKey, names)));
                    openBatches.clear();
                    rows.close();
                } else {
                    List<String> batch = openBatches.computeIfAbsent(row[0], k -> new ArrayList<>(BATCH_SIZE));
                    if (batch.contains(row[1])) {
                        continue; // a repeated row would make the producer refuse the whole batch of 100
                    }
                    batch.add(row[1]);
                    if (batch.size() == BATCH_SIZE) {
                        ready.add(new DeviceBatch(row[0], batch));
                        openBatches.remove(row[0]);
                    }
                }
            }
            return !ready.isEmpty();
        }

        @Override
        public DeviceBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        @Override
        public void close() {
            rows.close();
        }
    }
}
