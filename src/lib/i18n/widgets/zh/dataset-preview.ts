import type { WidgetStrings } from '../index.ts';

/** Strings of DatasetPreview, in Chinese. */
export const datasetPreview: WidgetStrings['datasetPreview'] = {
  image: (count, title, labels) => `${title} 的前 ${count} 张测试图像：${labels}。`,
  separator: '、',
  caption: (title, count, test, train, milliseconds) => `${title}：${test} 张测试图像中的前 ${count} 张；训练集有 ${train} 张。加载并解码用时 ${milliseconds} ms。`,
  error: (dataset, message) => `无法加载 ${dataset}：${message}`,
  loading: (dataset) => `正在加载 ${dataset}……`,
  fashionMnist: ['T 恤/上衣', '裤子', '套头衫', '连衣裙', '外套', '凉鞋', '衬衫', '运动鞋', '包', '短靴'],
};
