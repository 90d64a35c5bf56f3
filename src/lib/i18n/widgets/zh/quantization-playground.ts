import type { WidgetStrings } from '../index.ts';

/** Strings of QuantizationPlayground, in Chinese. */
export const quantizationPlayground: WidgetStrings['quantizationPlayground'] = {
  codebookSize: '码本大小 K',
  redraw: '重新抽取码本',
  kRefused: (min, max, current) => `K 必须是 ${min} 到 ${max} 之间的整数；仍保持为 ${current}。`,
  planeLabel: '平面上的码本及其 Voronoi 单元，以及可以拖动的编码器输出',
  movablePoint: '可移动的点',
  outputLabel: (output, x, y) => `编码器输出 ${output}，位于 (${x}, ${y})。可用方向键移动。`,
  outputLabelNearest: (output, x, y, code) => `编码器输出 ${output}，位于 (${x}, ${y})，最近的码字是 ${code}。可用方向键移动。`,
  summaryItem: (output, x, y, code, distance) => `输出 ${output} 位于 (${x}, ${y}) → 码字 ${code}，距离 ${distance}`,
  listSeparator: '；',
  captionBeforeZ: '方块是 K 个码字，各自带着自己的 Voronoi 单元，即比起其他码字离它更近的点所组成的区域。圆点是编码器输出 ',
  captionBetween: '；拖动它们（或选中一个后按方向键），连线表示它被移到 ',
  captionAfterZq: '，也就是替换它的那个码字。',
};
