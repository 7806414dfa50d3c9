package io.liftwatch.common.taxonomy;

import io.liftwatch.common.wire.MessageKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CodesTest {
    @Test
    void findsEveryConstantByEachOfItsCodesAndNothingElse() {
        for (FaultType type : FaultType.values()) {
            assertThat(FaultType.byName(type.wireName())).contains(type);
            if (type.gbtCode() != null) {
                assertThat(FaultType.byGbtCode(type.gbtCode())).contains(type);
            }
        }
        for (EventType type : EventType.values()) {
            assertThat(EventType.byName(type.wireName())).contains(type);
            assertThat(EventType.byGbtCode(type.gbtCode())).contains(type);
        }
        assertThat(MessageKind.bySuffix("conn")).contains(MessageKind.CONNECTION);
        assertThat(ServiceMode.byName("inspection")).contains(ServiceMode.INSPECTION);
        assertThat(FaultType.byName("ENTRAPMENT")).isEmpty();
        assertThat(FaultType.byGbtCode(99)).isEmpty();
        assertThat(MessageKind.bySuffix(null)).isEmpty();
    }

    @Test
    void aConstantWithoutACodeIsNeverFound() {
        Codes<Integer, FaultType> byGbt = Codes.of(FaultType.values(), FaultType::gbtCode);

        assertThat(FaultType.ENTRAPMENT.gbtCode()).isNull();
        assertThat(byGbt.find(null)).isEmpty();
    }
}
