package io.clickstream.studio.base.ui;

import com.vaadin.flow.component.UI;

/** Copies text to the browser's clipboard and says whether it worked (a browser may refuse outside HTTPS). */
public final class Clipboard {

    private Clipboard() {
    }

    /** Copies {@code text}; {@code what} names it in the confirmation, e.g. "SQL" or "The link". */
    public static void copy(String text, String what) {
        UI.getCurrent().getPage().executeJs("return navigator.clipboard.writeText($0)", text)
                .then(ok -> FieldErrors.success(what + " copied to the clipboard"),
                        failure -> FieldErrors.error("The browser did not allow copying: select the text and copy "
                                + "it with Ctrl+C"));
    }
}
