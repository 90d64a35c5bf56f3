import type { WidgetStrings } from '../index.ts';

/** Strings of HierarchyView, in Chinese. */
export const hierarchyView: WidgetStrings['hierarchyView'] = {
  startError: (message) => `两层模型未能启动：${message}`,
  noTopGrid: '模型没有给出顶层网格',
  pickDigit: '挑一个测试数字',
  topHeading: (height, width) => `顶层：${height}×${width} 个码字`,
  topNote: '每个格子大约覆盖数字的三分之一。选中一个格子即可更换它的码字。',
  topGrid: (height, width) => `${height}×${width} 的顶层码字索引网格。选中一个格子即可更换它的码字。`,
  bottomHeading: (height, width) => `底层：${height}×${width} 个码字`,
  bottomNote: '编码器在知道顶层的前提下选出这些码字；修改顶层时，它们保持不变。',
  bottomGrid: (height, width) => `${height}×${width} 的底层码字索引网格，修改顶层时保持不变`,
  picturesHeading: '解码器画出的图像',
  inputImage: '测试数字',
  input: '输入',
  encodedImage: '由编码器自己给出的顶层和底层码字解码而成',
  encoded: '编码后',
  editedImage: '由修改后的网格解码而成',
  edited: '修改后',
  changeImage: '修改让图像变化的位置，按最大变化缩放，变化最大处为白色',
  change: '变化（已缩放）',
  changeSummary: (topEdits, topCells, bottomEdits, bottomCells, mean, largest) =>
    `${topCells} 个顶层码字中有 ${topEdits} 个、${bottomCells} 个底层码字中有 ${bottomEdits} 个与编码器给出的不同：解码出的数字平均每个像素变化 ${mean}，最大变化 ${largest}。`,
  noEdits: '还没有修改：修改后的图像就是普通的重建。',
  undo: '撤销改动',
  swapLegend: '或者把整整一层换成另一个数字的',
  otherDigit: '另一个测试数字',
  otherOption: (n, digit) => `第 ${n} 张测试图像：${digit}`,
  useTop: '换用它的顶层网格',
  useBottom: '换用它的底层网格',
  loading: '正在加载两层模型……',
  paletteHeading: '为选中的格子挑选顶层码字',
  selected: (row, column, code, chosen) =>
    `顶层第 ${row} 行第 ${column} 列现在是码字 ${code}${chosen ? `（编码器选的是 ${chosen}）` : ''}。下面每张图都是把这个格子换成对应的顶层码字、底层码字不变时解码出的数字。`,
  palette: '顶层码本：把每个码字放进选中的格子，再和这个数字的底层码字一起解码',
  decodingPalette: '正在解码这个格子的每一个顶层码字……',
  caption: (parameters) =>
    `这是「实测数据」一页中的两层模型（${parameters} 个参数，每层 64 个码字）。顶层网格先算出来，来自一张更粗的特征图；接着底层编码器会看到顶层解码出的特征，解码器也一样。`,
};
