package io.clickstream.studio.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;

/** A page's heading: its title, one line saying what the page is for, and its main actions on the right. */
public final class ViewHeader extends Div {

    final H2 title;
    final Paragraph subtitle;
    final Div tools;

    public ViewHeader(String title, String subtitle, Component... actions) {
        this.title = new H2(title);
        this.subtitle = new Paragraph(subtitle);
        this.subtitle.addClassName("cs-subtitle");
        Div text = new Div(this.title, this.subtitle);
        tools = new Div(actions);
        tools.addClassName("cs-header-actions");
        add(text, tools);
        addClassName("cs-dashboard-header");
    }

    /** Puts a status or an action first among the actions on the right (a "last updated" note, ...). */
    public void addActionFirst(Component action) {
        tools.addComponentAsFirst(action);
    }

    public void setTitle(String text) {
        title.setText(text);
    }

    public void setSubtitle(String text) {
        subtitle.setText(text);
    }

    public String getHeading() {
        return title.getText();
    }

    public String getSubtitle() {
        return subtitle.getText();
    }
}
