// Whether a page's own box is narrow (a phone, a small window): lists become cards, forms stack.
// The box, not the window: the same page reads well wherever the shell puts it.
import { onBeforeUnmount, onMounted, ref, watch } from 'vue';

export function useNarrow(elRef, width = 760) {
  const narrow = ref(false);
  let ro = null;
  const target = () => (elRef.value && elRef.value.$el ? elRef.value.$el : elRef.value);
  function observe(el) {
    if (ro) ro.disconnect();
    if (!el || typeof ResizeObserver === 'undefined') return;
    ro = new ResizeObserver((entries) => {
      const w = entries[0] ? entries[0].contentRect.width : el.clientWidth;
      narrow.value = w > 0 && w < width;
    });
    ro.observe(el);
    narrow.value = el.clientWidth > 0 && el.clientWidth < width;
  }
  onMounted(() => observe(target()));
  watch(elRef, () => observe(target()));
  onBeforeUnmount(() => ro && ro.disconnect());
  return narrow;
}
