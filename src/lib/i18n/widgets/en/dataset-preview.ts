/** Strings of DatasetPreview, in English. Numbers come formatted. */
export const datasetPreview = {
  /** The picture's accessible name; `labels` is the images' classes, listed. */
  image: (count: string, title: string, labels: string) => `The first ${count} test images of ${title}: ${labels}.`,
  /** Between the classes in `image`. */
  separator: ', ',
  caption: (title: string, count: string, test: string, train: string, milliseconds: string) =>
    `${title}: the first ${count} of ${test} test images; the training split has ${train}. Loaded and decoded in ${milliseconds} ms.`,
  error: (dataset: string, message: string) => `Could not load ${dataset}: ${message}`,
  loading: (dataset: string) => `Loading ${dataset}…`,
  /** Fashion-MNIST's classes, by label, as the dataset's manifest names them. */
  fashionMnist: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
};
