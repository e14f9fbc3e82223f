package org.camelaliyun.iot.operations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.camelaliyun.iot.AliyunIotConstants;
import org.camelaliyun.iot.AliyunIotOperations;
import org.camelaliyun.iot.openapi.OpenApiCaller;
import org.camelaliyun.iot.signing.OpenApiCall;

/** QueryProductList: one page of the account's products; a cheap signed read, fit for a health check. */
public final class QueryProductListOperation implements Operation<QueryProductListOperation.Input> {

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 200;

    /** The checked input of one call. */
    public record Input(int currentPage, int pageSize, String iotInstanceId) {
    }

    @Override
    public Input readInput(Message message, OperationContext context) {
        Integer page = MessageInputs.integer(message, AliyunIotConstants.CURRENT_PAGE, 1, "currentPage", 1,
                Integer.MAX_VALUE);
        Integer size = MessageInputs.integer(message, AliyunIotConstants.PAGE_SIZE,
                context.configuration().getPageSize(), "the pageSize option", 1, MAX_PAGE_SIZE);
        return new Input(page, size == null ? DEFAULT_PAGE_SIZE : size,
                MessageInputs.text(message, AliyunIotConstants.IOT_INSTANCE_ID,
                        context.configuration().getIotInstanceId()));
    }

    @Override
    public OpenApiCall toCall(Input input, OperationContext context) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("CurrentPage", Integer.toString(input.currentPage()));
        parameters.put("PageSize", Integer.toString(input.pageSize()));
        if (input.iotInstanceId() != null) {
            parameters.put("IotInstanceId", input.iotInstanceId());
        }
        return new OpenApiCall(AliyunIotOperations.queryProductList.action(), InvokeThingsServiceOperation.API_VERSION,
                context.configuration().getRegionId(), parameters);
    }

    @Override
    public List<String> deviceNames(Input input) {
        return List.of();
    }

    @Override
    public void onAccepted(Exchange exchange, Input input, OpenApiCaller.Accepted accepted, OperationContext context) {
        String action = AliyunIotOperations.queryProductList.action();
        JsonNode data = OperationResults.object(OperationResults.replyTree(accepted, context.mapper(), action, List.of()),
                accepted, action, List.of(), "Data");
        List<ProductInfo> products = new ArrayList<>();
        for (JsonNode info : OperationResults.list(data.path("List"), "ProductInfo")) {
            products.add(new ProductInfo(OperationResults.text(info, "ProductKey"),
                    OperationResults.text(info, "ProductName"), OperationResults.number(info, "DeviceCount"),
                    OperationResults.number(info, "NodeType"), OperationResults.text(info, "AuthType"),
                    OperationResults.text(info, "Description"), OperationResults.number(info, "GmtCreate")));
        }
        Long total = OperationResults.number(data, "Total");
        Long pageCount = OperationResults.number(data, "PageCount");
        OperationResults.accepted(exchange, accepted, new ProductPage(input.currentPage(), input.pageSize(),
                total == null ? products.size() : total, pageCount == null ? 1 : pageCount, List.copyOf(products)));
    }

    /** One product as QueryProductList lists it; numbers are null when the platform left them out. */
    public record ProductInfo(String productKey, String productName, Long deviceCount, Long nodeType, String authType,
            String description, Long gmtCreate) {
    }

    /**
     * One page of products.
     *
     * @param total     how many products the account has
     * @param pageCount how many pages of this size they fill
     */
    public record ProductPage(int currentPage, int pageSize, long total, long pageCount, List<ProductInfo> products) {
    }
}
