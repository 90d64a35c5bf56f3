import type { WidgetStrings } from '../index.ts';

/** Strings of MaskedConvExplorer, in Chinese. */
export const maskedConvExplorer: WidgetStrings['maskedConvExplorer'] = {
  kernelSize: '卷积核大小',
  layers: '层',
  add: '添加一个 B 型层',
  remove: '移除最后一层',
  stackLabel: '网络各层，从输入开始',
  stackItem: (index, type, kernel) => `${index}：${type} 型，${kernel}×${kernel}`,
  typeSeparator: '、',
  picker: (size, row, column) => `输出像素选择器，${size}×${size}：方向键移动所选像素，当前在第 ${row} 行第 ${column} 列`,
  roles: {
    target: '输出像素',
    seen: '看得到',
    blind: '盲区',
    unreached: '暂时够不着',
    future: '排在它之后',
  },
  masksHeading: (kernel) => `${kernel}×${kernel} 掩码`,
  maskLabelA: (kept, total) => `A 型掩码：保留 ${total} 个权重中的 ${kept} 个，即中心之前的权重`,
  maskLabelB: (kept, total) => `B 型掩码：保留 ${total} 个权重中的 ${kept} 个，即中心之前的权重和中心本身`,
  maskKept: (type, kept) => `${type} 型：保留 ${kept} 个`,
  summary: (layers, kernel, types, row, column, seen, preceding, blind, unreached) =>
    `${layers} 层 ${kernel}×${kernel}（${types}）。` +
    `第 ${row} 行第 ${column} 列的输出，在它之前的 ${preceding} 个像素中看得到 ${seen} 个。` +
    `其中 ${blind} 个位于右上方的盲区，这个网络无论堆多深都看不到；` +
    `另有 ${unreached} 个只是暂时够不着。`,
  hint: '点击一个像素，或聚焦网格后用方向键，选择输出像素。',
};
