package io.clickstream.studio.explore;

import io.clickstream.studio.base.FieldMessage;
import io.clickstream.studio.base.InvalidInputException;
import java.util.List;

/** A query that cannot run as asked, with every field at fault (the API answers 400 with them as errors). */
public class InvalidQueryException extends InvalidInputException {

    public InvalidQueryException(List<FieldMessage> errors) {
        super(errors);
    }
}
