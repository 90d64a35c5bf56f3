import type { WidgetStrings } from '../index.ts';

/** Strings of CodeGridEditor, in Chinese. */
export const codeGridEditor: WidgetStrings['codeGridEditor'] = {
  loadError: (message) => `模型未能加载：${message}`,
  failed: (message) => `操作失败：${message}`,
  testDigitNote: (digit) => `第 ${digit} 个测试数字的码字。`,
  sampleNote: '从先验抽取的一个网格。',
  resampleNote: (kept, drawn, changed) => `保留了前 ${kept} 个格子；先验抽取了其余 ${drawn} 个，其中 ${changed} 个有变化。`,
  startFrom: '起点',
  testDigits: '测试数字',
  startFromCodesOf: '从它的码字开始',
  sampleFresh: '采样一个新网格',
  gridHeading: '码字网格',
  gridLabel: (height, width) => `${height}×${width} 的码字网格。选中一个格子，可以更换它的码字，或从它开始重新采样。`,
  resample: '从这里重新采样',
  resampleHint: (cells) => `保留这一格之前的 ${cells} 个格子，其余由先验抽取`,
  loading: '正在加载预训练模型……',
  imageHeading: '解码出的数字',
  image: '根据网格解码出的数字',
  imageEdited: (edited) => `根据网格解码出的数字，其中 ${edited} 个格子已改动`,
  bits: (bits, total) => `先验给这个网格的代价是每个隐变量 ${bits} 比特（共 ${total} 比特）。`,
  caption:
    '选中一个格子，挑一个新码字；或者按「从这里重新采样」，保留这一格之前的内容，让先验补完网格。先验越觉得不可能的网格，花的比特越多。',
};
