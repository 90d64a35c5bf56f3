import type { WidgetStrings } from '../index.ts';

/** Strings of EncodeDecode, in Chinese. */
export const encodeDecode: WidgetStrings['encodeDecode'] = {
  startError: (message) => `模型未能启动：${message}`,
  drawHeading: '1. 画一个数字',
  pickTestDigit: '或者挑一个测试数字',
  codesHeading: '2. 编码器给出的码字',
  inputImage: '输入的数字，即编码器看到的样子',
  gridLabel: (height, width) => `${height}×${width} 的码字索引网格。选中一个格子即可更换它的码字。`,
  loading: '正在加载预训练模型……',
  outputHeading: '3. 解码器画出的图像',
  outputImage: '根据码字网格解码出的图像',
  outputImageEdited: (edited) => `根据码字网格解码出的图像，其中 ${edited} 个格子已改动`,
  undo: '撤销改动',
  caption: (codebookSize) =>
    `49 个格子里，每格存放码本中 ${codebookSize} 个码字之一。鼠标悬停在一个格子上，可以看到它主要描述的那块输入；选中它并换一个码字，就能看到解码器重新画出数字。`,
};
