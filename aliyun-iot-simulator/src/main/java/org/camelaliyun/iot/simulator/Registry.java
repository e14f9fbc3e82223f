package org.camelaliyun.iot.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Accounts, instances, products and devices the simulator knows. Filled by the builder (and config file) before the
 * server starts and only read afterwards, so it needs no locking once built. With no product configured any product
 * and device is accepted; with no instance configured any IotInstanceId is.
 */
final class Registry {

    /** A product, the instance it lives in (null = the public instance) and its devices by name → online. */
    record Product(String productKey, String iotInstanceId, Map<String, Boolean> devices) {
    }

    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Set<String> instances = new LinkedHashSet<>();
    private final Map<String, Product> products = new LinkedHashMap<>();

    void addAccount(Account account) {
        accounts.put(account.accessKeyId(), account);
    }

    void addInstance(String iotInstanceId) {
        requireText(iotInstanceId, "iotInstanceId");
        instances.add(iotInstanceId);
    }

    void addProduct(String productKey, String iotInstanceId) {
        requireText(productKey, "productKey");
        Product existing = products.get(productKey);
        if (existing != null && iotInstanceId == null) {
            return;
        }
        if (iotInstanceId != null) {
            addInstance(iotInstanceId);
        }
        products.put(productKey, new Product(productKey, iotInstanceId,
                existing == null ? new LinkedHashMap<>() : existing.devices()));
    }

    /** Registers the device, and its product in the public instance if the product is new. */
    void addDevice(String productKey, String deviceName, boolean online) {
        requireText(deviceName, "deviceName");
        addProduct(productKey, null);
        products.get(productKey).devices().put(deviceName, online);
    }

    Account account(String accessKeyId) {
        return accounts.get(accessKeyId);
    }

    Map<String, Account> accounts() {
        return Collections.unmodifiableMap(accounts);
    }

    boolean hasAccounts() {
        return !accounts.isEmpty();
    }

    /** Once a product is configured, unknown products and devices are business errors. */
    boolean hasProducts() {
        return !products.isEmpty();
    }

    /** Once an instance is configured, an unknown IotInstanceId is a business error. */
    boolean hasInstances() {
        return !instances.isEmpty();
    }

    boolean hasInstance(String iotInstanceId) {
        return instances.contains(iotInstanceId);
    }

    Product product(String productKey) {
        return products.get(productKey);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
