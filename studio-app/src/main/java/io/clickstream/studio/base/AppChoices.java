package io.clickstream.studio.base;

import java.util.List;

/**
 * Port: the apps a signed-in user may pick in the header, in the order to offer them. The project feature implements
 * it from the metadata store, so the shell knows no feature.
 */
public interface AppChoices {

    List<AppChoice> apps();
}
