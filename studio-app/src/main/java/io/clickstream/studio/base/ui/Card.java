package io.clickstream.studio.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import io.clickstream.studio.base.ui.chart.EChart;

/** Cards of a dashboard: a titled surface around a chart, a table or anything else. */
public final class Card {

    private Card() {
    }

    /** A card with a heading over {@code content}. */
    public static Div titled(String title, Component... content) {
        H3 heading = new H3(title);
        Div card = new Div(heading);
        card.add(content);
        card.addClassName("cs-card");
        return card;
    }

    /** A card for a chart, which takes the chart's title as its accessible name too. */
    public static Div chart(String title, EChart chart) {
        chart.getElement().setAttribute("aria-label", title);
        return titled(title, chart);
    }

    /** Makes a card span both columns of a {@code cs-charts} grid. */
    public static Div wide(Div card) {
        card.addClassName("cs-chart-wide");
        return card;
    }
}
