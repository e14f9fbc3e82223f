package org.camelaliyun.iot.fleet.journal;

/** The run journal could not be read or written; the batch that needed it was not sent. */
public class RunJournalException extends RuntimeException {

    public RunJournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
