package io.flakelens.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIntMapTest {

    @Test
    void behavesAsAMapForAnyKeysThroughManyGrowths() {
        Random random = new Random(11);
        long[] special = {0, Long.MIN_VALUE, Long.MAX_VALUE, -1, 1};
        LongIntMap map = new LongIntMap();
        Map<Long, Integer> expected = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            long key = random.nextInt(10) == 0
                    ? special[random.nextInt(special.length)]
                    : random.nextInt(3) == 0 ? random.nextInt(1_000) : random.nextLong();
            int value = random.nextInt();
            switch (random.nextInt(4)) {
                case 0 -> {
                    map.put(key, value);
                    expected.put(key, value);
                }
                case 1 -> {
                    int at = map.locate(key);
                    assertThat(map.valueAt(at, -7)).isEqualTo(expected.getOrDefault(key, -7));
                    map.putAt(at, key, value);
                    expected.put(key, value);
                }
                case 2 -> assertThat(map.contains(key)).isEqualTo(expected.containsKey(key));
                default -> assertThat(map.get(key, -7)).isEqualTo(expected.getOrDefault(key, -7));
            }
        }
        assertThat(map.size()).isEqualTo(expected.size());
        Map<Long, Integer> visited = new HashMap<>();
        map.forEach((k, v) -> assertThat(visited.put(k, v)).isNull());
        assertThat(visited).isEqualTo(expected);
    }
}
