import type { WidgetStrings } from '../index.ts';

/** Strings of GradientFlow, in Chinese. */
export const gradientFlow: WidgetStrings['gradientFlow'] = {
  toyHeading: '二维玩具量化器',
  toyLabel: (x, y, code, gx, gy) => `z 位于 (${x}, ${y})，被量化为码字 ${code}；z 处的梯度为 (${gx}, ${gy})`,
  toyLoading: '加载中',
  forward: '前向：z 被替换为离它最近的码字 z',
  backwardBefore: '反向：‖z',
  backwardMiddle: ' − 目标‖² 的负梯度，从 z',
  backwardCopied: ' 出发，并复制到 z',
  backwardOnly: ' 出发，到此为止',
  target: '损失所拉向的目标',
  estimator: '直通估计',
  step: '走一步',
  play: '播放',
  stop: '停止',
  reset: '重置',
  toyNote: (steps, x, y, code, gx, gy, estimator) =>
    `第 ${steps} 步：z = (${x}, ${y}) → 码字 ${code}。z 处的梯度：(${gx}, ${gy})${estimator ? '' : '。没有直通估计，z 永远不会移动'}。`,
  modelsHeading: '从同一起点出发的两个迷你 VQ-VAE',
  train: '同时训练',
  pause: '暂停',
  restart: '从头开始',
  ste: {
    title: '使用直通估计',
    explain: 'z + sg[z_q − z]：解码器的梯度被复制到 z；β = 0.25。',
    series: '使用直通估计',
  },
  stopped: {
    title: '编码器收不到梯度',
    explain: '解码器看到的是 z_q，梯度在那里截止；β = 0，所以没有别的梯度能到达编码器。',
    series: '编码器收不到梯度',
  },
  counters: (step, reconstruction, gradient) => `第 ${step} 步 · 重建误差 ${reconstruction} · 编码器梯度 ${gradient}`,
  testDigits: '测试数字',
  reconstructions: (title) => `${title}：测试数字的重建结果`,
  chartAxis: '重建 MSE',
  chartLabel: '两个模型的重建误差随训练步的变化，对数刻度',
  summary: (step, steLoss, stoppedLoss, steGradient, stoppedGradient) =>
    `训练 ${step} 步后，重建误差：使用直通估计 ${steLoss}，不使用 ${stoppedLoss}；到达编码器的梯度：${steGradient} 和 ${stoppedGradient}。`,
};
