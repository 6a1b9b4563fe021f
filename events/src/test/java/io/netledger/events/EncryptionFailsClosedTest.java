package io.netledger.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netledger.avro.Encryption;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/** An encryption mode this reader does not know reads as IPSEC: unknown never means plain. */
class EncryptionFailsClosedTest {
  @Test
  void aNewerWritersUnknownModeReadsAsIpsec() throws Exception {
    Schema newer = Schema.createEnum("Encryption", null, "io.netledger.avro", List.of("NONE", "IPSEC", "WIREGUARD"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<Object>(newer).write(new GenericData.EnumSymbol(newer, "WIREGUARD"), enc);
    enc.flush();
    SpecificDatumReader<Encryption> reader = new SpecificDatumReader<>(newer, Encryption.getClassSchema());
    assertEquals(Encryption.IPSEC, reader.read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null)));
  }
}
