package io.flakelens.core.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * One report format. Implementations are stateless and thread-safe; {@link #parse} streams cases
 * into the sink and throws {@link ReportException} with a position on anything it cannot read.
 */
public sealed interface ReportParser
        permits JUnitXmlParser,
                NUnitXmlParser,
                XUnitXmlParser,
                TrxParser,
                GoTestJsonParser,
                TapParser,
                CockpitRecordParser {

    /** The name users see in {@code ingest --format json}, e.g. {@code junit}. */
    String format();

    void parse(InputStream in, CaseSink sink) throws IOException, ReportException;
}
