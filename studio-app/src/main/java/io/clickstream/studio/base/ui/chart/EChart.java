package io.clickstream.studio.base.ui.chart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.HasStyle;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;

/**
 * A chart drawn by Apache ECharts in the browser. The server sends the complete ECharts option object as JSON
 * (see {@link ChartOptions} for the common shapes); the element redraws when it changes and resizes with its
 * container. Give it a height (or a flex parent) since a chart has no natural size.
 */
@Tag("cs-echart")
@NpmPackage(value = "echarts", version = "6.1.0")
@JsModule("./components/cs-echart.js")
public class EChart extends Component implements HasSize, HasStyle {

    private static final ObjectMapper JSON = new ObjectMapper();

    private String optionJson = "";

    public EChart() {
        setHeight("320px");
        setWidthFull();
    }

    /** Replaces the whole chart: series, axes, tooltip, everything ECharts draws. */
    public void setOption(JsonNode option) {
        try {
            optionJson = JSON.writeValueAsString(option);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("chart option is not serialisable", e);
        }
        getElement().setProperty("option", optionJson);
    }

    /** The option last sent to the browser, as JSON text. */
    public String getOptionJson() {
        return optionJson;
    }
}
