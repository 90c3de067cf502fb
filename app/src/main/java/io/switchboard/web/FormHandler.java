package io.switchboard.web;

import io.switchboard.api.Exchange;
import org.eclipse.jetty.util.Fields;

/** A form post that passed the CSRF checks; {@code form} holds its fields. */
@FunctionalInterface
interface FormHandler {
    void handle(Exchange exchange, Visitor visitor, Fields form) throws Exception;
}
