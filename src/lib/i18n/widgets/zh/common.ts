import type { WidgetStrings } from '../index.ts';

/** Strings of the widgets' shared parts (charts, inputs, progress, errors), in Chinese. */
export const common: WidgetStrings['common'] = {
  histogram: {
    summary: (label, used, total, dead) => `${label}：最近一个批次用到了 ${total} 个码字中的 ${used} 个，死码字 ${dead} 个`,
    axis: (last) => `码字 0 … ${last}`,
  },
  codeGrid: {
    cell: (row, column, content) => `第 ${row} 行第 ${column} 列：${content}`,
    code: (code) => `码字 ${code}`,
    notSampled: '尚未采样',
    edited: '，已修改',
  },
  atomPalette: {
    code: (code) => `码字 ${code}`,
  },
  latentScatter: {
    label: (label) => `${label}。点击某处，或用方向键移动，解码该点。`,
  },
  projectionPlot: {
    summary: (label, outputs, codes, dead) => `${label}：${outputs} 个编码器输出和 ${codes} 个码字，其中 ${dead} 个是死码字`,
  },
  drawingPad: {
    label: '绘图区：用鼠标、触控笔或手指写一个数字',
    clear: '清除',
  },
  editableCodeGrid: {
    heading: '为选中的格子挑选码字',
    selected: (row, column, code) => `第 ${row} 行第 ${column} 列现在是码字 ${code}。在下面挑一个码字替换它。`,
    palette: '码本：每个码字单独放在空白背景上时解码出的图像',
  },
  testDigitPicker: {
    image: (n, label) => `第 ${n} 张测试图像：${label}`,
    imageWithAction: (action, n, label) => `${action}：第 ${n} 张测试图像（${label}）`,
  },
  engine: {
    unknownBackend: (requested, valid) => `未知的后端“${requested}”。可选值为 ${valid}；已改为自动选择。`,
    notAvailable: '此浏览器不支持',
    noWebGpu: '缺少 navigator.gpu：此浏览器不支持 WebGPU',
    noBackendCouldStart: (failures) => `没有能启动的 TF.js 后端：${failures}`,
    engineHasNoBackend: (reason) => `引擎没有可用的后端：${reason}`,
    workerFailed: '引擎的 Worker 加载失败',
    gpuLost: (detail, backend) => `GPU 连接丢失（${detail}），引擎已改用 ${backend}，并用内存中保存的状态副本重建了每个模型。`,
    gpuLostTraining: (detail, backend, step) => `GPU 连接丢失（${detail}），引擎已改用 ${backend}，并用内存中保存的状态副本重建了每个模型。训练从第 ${step} 步继续，即最后一份副本所在的位置；此后的几步随 GPU 一起丢失了。`,
    noReasonGiven: '未说明原因',
    backendSwitched: (backend) => `引擎已改用在本机实测最快的 ${backend}。`,
    diverged: (count) => `连续 ${count} 步损失不是有限值，训练已停止，权重保留在最后一次正常的状态。请调低学习率，或重置模型。`,
    stepRejectedWithValue: (step, what, value) => `第 ${step} 步被拒绝：${what}不是有限值（${value}），权重未改变`,
    stepRejected: (step, what) => `第 ${step} 步被拒绝：${what}不是有限值，权重未改变`,
    pickCheckpointFiles: (files) => `请选择一个 .json 文件和它的权重文件；收到的是：${files}`,
    noFiles: '没有文件',
    checkpointUnreadable: (detail) => `无法读取检查点：${detail}`,
    notOurCheckpoint: (format, expected) => `这不是本站的检查点：它的格式是 ${format}，应为“${expected}”`,
    wrongCheckpointKind: (kind, format, expected) => `这不是 ${kind} 检查点：它的格式是 ${format}，应为“${expected}”`,
    truncatedWeights: (bytes, needed) => `权重文件有 ${bytes} 字节，但清单描述的是 ${needed} 字节：文件不完整，或属于另一个检查点`,
    failure: (backend, reason) => `${backend}（${reason}）`,
    listSeparator: '；',
    comma: '、',
    loss: '损失',
    gradient: '梯度',
    unknown: (message) => `引擎报告：${message}`,
  },
};
